package shop

import (
	"math"
	"testing"
)

func TestFormatMoneyInDollars(t *testing.T) {
	tests := map[int64]string{
		0: "$0.00", 5: "$0.05", 99: "$0.99", 100: "$1.00", 123450: "$1,234.50",
		100000000: "$1,000,000.00", -500: "-$5.00", -123456789: "-$1,234,567.89",
		math.MinInt64: "-$92,233,720,368,547,758.08",
	}
	for in, want := range tests {
		if got := FormatMoney("US", in); got != want {
			t.Errorf("FormatMoney(US, %d) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	tests := map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 3277: "3,277", 1234567: "1,234,567", -4200: "-4,200",
		math.MinInt64: "-9,223,372,036,854,775,808"}
	for in, want := range tests {
		if got := FormatCount(in); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", in, got, want)
		}
	}
}
