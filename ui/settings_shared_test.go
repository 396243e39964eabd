package ui

import (
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// Settings → This computer copies the shop to a shared PostgreSQL database and
// points this computer at it from the next start; an address with a password is
// refused and nothing is kept.
func TestSettingsCopyTheShopToASharedDatabaseAndOpenItNextTime(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db := pgtest.NewDatabase(t)
	u, _ := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	c := u.settingsTab().computer
	if !strings.Contains(c.sharedNote.Text, "in a file on this computer") || c.ownFile.Visible() {
		t.Errorf("a file's shop reads %q (own-file button visible %v)", c.sharedNote.Text, c.ownFile.Visible())
	}

	c.shared.SetText(strings.Replace(db, "rapport@", "rapport:secret@", 1))
	c.onOpenShared()
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "leave the password out") {
		t.Errorf("an address with a password: %q", msg)
	}
	if engine.SharedShop() != "" {
		t.Fatal("an address with a password was kept")
	}
	u.win.Canvas().Overlays().Top().Hide()

	c.shared.SetText(db)
	c.onCopyShared()
	u.wait()
	if !strings.Contains(c.status.Text, "every table checked") {
		t.Fatalf("after the copy the tab says %q", c.status.Text)
	}
	shared, err := store.OpenExisting(db)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	want, _ := u.st.Customers(u.ctx, "")
	got, err := shared.Customers(u.ctx, "")
	if err != nil || len(got) != len(want) || len(got) == 0 {
		t.Errorf("the shared shop has %d customers, %v; want the %d of this one", len(got), err, len(want))
	}

	c.onOpenShared()
	u.wait()
	if engine.SharedShop() != db || !c.ownFile.Visible() {
		t.Errorf("after Open it from the next start: this computer opens %q (own-file button visible %v)", engine.SharedShop(), c.ownFile.Visible())
	}
	c.onOwnFile()
	if engine.SharedShop() != "" || c.ownFile.Visible() {
		t.Error("going back to this computer's file did not")
	}
}
