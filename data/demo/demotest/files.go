package demotest

import (
	"bytes"
	"fmt"
)

// CustomersCSV is a customer export of n people with an email, a phone number of
// their own (Phone(i)) and a time zone: what the import benchmarks import.
func CustomersCSV(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("name,email,phone,time_zone\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "New Person %d,np%d@example.org,%s,America/New_York\n", i, i, Phone(i))
	}
	return buf.Bytes()
}

// Phone is the i-th of many different US phone numbers.
func Phone(i int) string {
	codes := []int{212, 312, 415, 617, 713, 206, 303, 404, 503, 602}
	return fmt.Sprintf("+1 %d %03d %04d", codes[i%len(codes)], 200+i/len(codes)/10000%800, i/len(codes)%10000)
}
