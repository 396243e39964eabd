package importer

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// Three cards as Apple Contacts (3.0), Google Contacts (4.0) and an old phone (2.1
// with quoted-printable) export them, with CRLF line ends and a BOM.
var vcardFile = strings.ReplaceAll("\ufeffBEGIN:VCARD\n"+
	"VERSION:3.0\n"+
	"PRODID:-//Apple Inc.//iPhone OS 17.0//EN\n"+
	"N:Tran;Emily;;;\n"+
	"FN:Emily Tran\n"+
	"ORG:Tran Design\\, LLC;\n"+
	"item1.EMAIL;type=INTERNET;type=HOME:emily.home@example.com\n"+
	"item2.EMAIL;type=INTERNET;type=WORK;type=pref:emily@example.com\n"+
	"TEL;type=CELL;type=VOICE;type=pref:+1 (323) 555-0126\n"+
	"TEL;type=WORK;type=VOICE:+1 323 555 0199\n"+
	"item3.ADR;type=HOME;type=pref:;Apt 4;2400 Sunset Blvd;Los Angeles;CA;90026;United States\n"+
	"NOTE:Prefers mornings\\; loves the Ethiopian roast.\\nCall before 11\n"+
	"  am, please.\n"+
	"END:VCARD\n"+
	"BEGIN:VCARD\n"+
	"VERSION:4.0\n"+
	"FN:Zoë Ångström\n"+
	"N:Ångström;Zoë;;;\n"+
	"TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+46-8-555-012-34\n"+
	"EMAIL:zoe@example.se\n"+
	"ADR;TYPE=work;LABEL=\"Storgatan 1\\n111 22 Stockholm\":;;Storgatan 1;Stockholm;;111 22;Sweden\n"+
	"END:VCARD\n"+
	"BEGIN:VCARD\n"+
	"VERSION:2.1\n"+
	"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\n"+
	"TEL;HOME:030 5550 1234\n"+
	"ADR;HOME;ENCODING=QUOTED-PRINTABLE:;;Oranienstra=C3=9Fe 25;Berlin;;10999;=\n"+
	"Deutschland\n"+
	"END:VCARD\n", "\n", "\r\n")

func TestParseVCardsReadsThreeVersions(t *testing.T) {
	cards, err := ParseVCards(strings.NewReader(vcardFile))
	if err != nil {
		t.Fatal(err)
	}
	want := []VCard{
		{Line: 1, Name: "Emily Tran", Emails: []string{"emily@example.com", "emily.home@example.com"}, Phones: []string{"+1 (323) 555-0126", "+1 323 555 0199"},
			Address: "2400 Sunset Blvd\nApt 4", City: "Los Angeles", Region: "CA", PostalCode: "90026", Country: "US", Org: "Tran Design, LLC",
			Note: "Prefers mornings; loves the Ethiopian roast.\nCall before 11 am, please.\nOther emails: emily.home@example.com\nOther phones: +1 323 555 0199"},
		{Line: 15, Name: "Zoë Ångström", Emails: []string{"zoe@example.se"}, Phones: []string{"+46-8-555-012-34"}, Address: "Storgatan 1",
			City: "Stockholm", PostalCode: "111 22", Country: "SE"},
		{Line: 23, Name: "Jürgen Müller", Phones: []string{"030 5550 1234"}, Address: "Oranienstraße 25", City: "Berlin", PostalCode: "10999", Country: "DE"},
	}
	if !reflect.DeepEqual(cards, want) {
		t.Fatalf("cards =\n%+v\nwant\n%+v", cards, want)
	}
}

func TestParseVCardsNamesTheDamagedCard(t *testing.T) {
	for name, tt := range map[string]struct{ body, want string }{
		"no end":      {"BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n", "import vcard: card 2: line 5: the card has no END:VCARD"},
		"no version":  {"BEGIN:VCARD\nFN:A\nEND:VCARD\n", "import vcard: card 1: line 1: the card has no VERSION"},
		"bad version": {"BEGIN:VCARD\nVERSION:5.0\nFN:A\nEND:VCARD\n", `import vcard: card 1: line 2: version "5.0" is not 2.1, 3.0 or 4.0`},
		"nested":      {"BEGIN:VCARD\nVERSION:3.0\nBEGIN:VCARD\n", "import vcard: card 1: line 3: a card begins inside the card of line 1"},
		"garbage":     {"BEGIN:VCARD\nVERSION:3.0\nthis is not a property\nEND:VCARD\n", `import vcard: card 1: line 3: "this is not a property" is not a vCard property`},
		"not UTF-8":   {"BEGIN:VCARD\nVERSION:3.0\nFN:Jos\xe9\nEND:VCARD\n", "import vcard: card 1: line 3: is not UTF-8 text"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseVCards(strings.NewReader(tt.body))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant it to start %s", err, tt.want)
			}
		})
	}
	if _, err := ReadVCards(strings.NewReader("just some text\n")); err == nil || !strings.Contains(err.Error(), "no contacts") {
		t.Errorf("a file without cards = %v", err)
	}
}

func TestImportVCardsMergesByPhoneAndUndoes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// Jürgen is stored already, under his phone written with the country code.
	j := mustCustomer(t, s, shop.Customer{Name: "J. Müller", Phone: "+49 30 55501234", Country: "DE", Notes: "Regular"})
	f, err := ReadVCards(strings.NewReader(vcardFile))
	if err != nil {
		t.Fatal(err)
	}
	f.Name = "contacts.vcf"
	pv, err := PreviewImport(ctx, s, f, VCardMapping(), 5)
	if err != nil || pv.Batch.NewCustomers != 2 || pv.Batch.MergedCustomers != 1 || pv.ErrorCount != 0 {
		t.Fatalf("preview = %+v, %v", pv.Batch, err)
	}
	if pv.Rows[2].Row != 3 || !strings.HasPrefix(pv.Rows[2].Action, "merge into J. Müller") {
		t.Errorf("card 3 previewed as %+v", pv.Rows[2])
	}
	b, err := Import(ctx, s, f, VCardMapping())
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != SourceVCard || b.NewCustomers != 2 || b.MergedCustomers != 1 {
		t.Fatalf("batch = %+v", b)
	}
	got, _ := s.Customer(ctx, j.ID)
	if got.Name != "J. Müller" || got.Address != "Oranienstraße 25" || got.City != "Berlin" || got.Notes != "Regular" || got.TimeZone != "Europe/Berlin" {
		t.Errorf("Jürgen merged as %+v", got)
	}
	em, _ := s.Customers(ctx, "emily@example.com")
	if len(em) != 1 || em[0].Company != "Tran Design, LLC" || em[0].TimeZone != "America/Los_Angeles" || !strings.Contains(em[0].Notes, "Call before 11 am") {
		t.Errorf("Emily imported as %+v", em)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "customers"); n != 1 {
		t.Errorf("undo left %d customers", n)
	}
	got, _ = s.Customer(ctx, j.ID)
	if got.Address != "" || got.Notes != "Regular" {
		t.Errorf("undo left Jürgen as %+v", got)
	}

	bad, err := ReadVCards(strings.NewReader("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@\nEND:VCARD\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(ctx, s, bad, VCardMapping())
	var ie *Errors
	if !errors.As(err, &ie) || ie.Errors[0].Error() != `import vcard: card 1, column "Email": "ann@" is not an email address` {
		t.Errorf("bad card = %v", err)
	}
}
