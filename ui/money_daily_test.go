package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/shop"
)

func TestEverySumInTheWindowCarriesTheShopsCurrency(t *testing.T) {
	u, st := newTestUI(t)
	// The demo shop is in the US: dollars.
	alicia := customerNamed(t, st, "Alicia Rivera")
	u.showCustomer(alicia.ID)
	u.wait()
	if since := u.customersTab().since.String(); !strings.Contains(since, "spent $") {
		t.Errorf("the customer's line says %q; want the spend in dollars", since)
	}
	u.goTo(tabSales)
	u.wait()
	s := u.salesTab()
	if !strings.Contains(s.listTitle.Text, ", $") {
		t.Errorf("the sales list's title says %q", s.listTitle.Text)
	}
	row := newLineRow(true)
	s.updateRow(0, row)
	if shown := strings.Join(texts(row), " "); !strings.Contains(shown, "$") {
		t.Errorf("a sale's row says %q", shown)
	}
	if !strings.Contains(s.next.Text, "Sales of $") {
		t.Errorf("what happens after a sale says %q", s.next.Text)
	}
	s.list.Select(0)
	test.Tap(s.del)
	if msg := overlayText(t, u.win); !strings.Contains(msg, "The sale of $") {
		t.Errorf("the delete dialog says %q", msg)
	}
	tapDialogButton(t, u.win, "No")

	// The brief on Today.
	br, err := st.Brief(context.Background(), alicia.ID)
	if err != nil {
		t.Fatal(err)
	}
	if brief := strings.Join(texts(briefForm(br, u.shopZone(), testNow, u.money)), " "); !strings.Contains(brief, "$") {
		t.Errorf("the brief says %q", brief)
	}

	// A shop in Britain shows pounds once its country says so.
	if err := st.SaveLetterSettings(context.Background(), shop.LetterSettings{Country: "GB"}); err != nil {
		t.Fatal(err)
	}
	u.settingsTab().letters.reload()
	u.wait()
	u.goTo(tabSales)
	u.wait()
	if !strings.Contains(s.listTitle.Text, ", £") {
		t.Errorf("after the shop moved to Britain the sales list says %q", s.listTitle.Text)
	}
}
