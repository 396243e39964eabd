package ui

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// Letters and cards in the window: the file names, the preview and the saving.
// Which letter to write, who signs it and who gets a card are decided in package
// letters; preparing, printing and logging them as sent in letters/outbox; here
// are only the dialogs around them.

// letterFileName suggests a file name: "thank-you-emily-tran-2026-11-23.pdf".
// who is empty for a batch.
func letterFileName(what, who string, date time.Time) string {
	parts := nonEmpty(slug(what), slug(who), date.Format("2006-01-02"))
	return strings.Join(parts, "-") + ".pdf"
}

// kindSlug names a kind in a file name: "thank-you", "follow-up", "apology".
func kindSlug(k letters.Kind) string {
	return strings.TrimSuffix(k.String(), " letter")
}

// slug lowercases s and joins its words with hyphens, keeping letters and digits
// of any script (file systems take them) and dropping the rest.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// saveLetters asks where to save ls as one PDF, suggesting name, and writes it
// off the UI goroutine with the shop's country, paper and templates, then records
// the letters as sent; message, when not empty, is shown with a busy indicator
// while it is written. done, which may be nil, runs after a save. (Screens that
// save without a preview use it, e.g. the Sales screen's thank-you letter.)
func (u *UI) saveLetters(name, message string, ls []letters.Letter, done func(fyne.URI)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("save %s: %w", name, err))
			return
		}
		if w == nil {
			return // cancelled
		}
		work := func() error {
			ls := slices.Clone(ls)
			if err := outbox.Prepare(u.ctx, u.st, ls); err != nil {
				_ = w.Close()
				_ = storage.Delete(w.URI())
				return err
			}
			if err := writeLetters(w, ls); err != nil {
				return err
			}
			return outbox.LogSent(u.ctx, u.st, ls)
		}
		after := func() {
			if done != nil {
				done(w.URI())
			}
		}
		if message == "" {
			u.run(work, after)
		} else {
			u.runBusy(message, work, after)
		}
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// writeLetters writes ls as one PDF to w and closes it. On failure it removes
// the file the save dialog created, so no empty PDF is left to print.
func writeLetters(w fyne.URIWriteCloser, ls []letters.Letter) error {
	return writeChosen(w, func(out io.Writer) error {
		if len(ls) == 1 {
			return letters.Write(out, ls[0])
		}
		return letters.WriteBatch(out, ls)
	})
}

// writeChosen writes to the file the save dialog chose, and closes w. A plain
// file is written again through export.WriteFilePrivate: owner-only (0600, the
// dialog makes it readable by all) and put in place whole. On failure the file
// the dialog created is removed, so no empty PDF is left to print.
func writeChosen(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	var err error
	if uri := w.URI(); uri.Scheme() == "file" {
		w.Close() //nolint:errcheck // nothing was written through it
		err = export.WriteFilePrivate(uri.Path(), write)
	} else {
		err = write(w)
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("saving %s: %w", w.URI().Name(), cerr)
		}
	}
	if err != nil {
		_ = storage.Delete(w.URI())
		return fmt.Errorf("%s: %w", w.URI().Name(), err)
	}
	return nil
}

// --- One letter: preview, Save PDF…, Open ---

// preview is a letter rendered for the preview dialog.
type preview struct {
	pdf  []byte
	png  []byte // page 1 when pdftoppm is at hand
	text string // otherwise the letter's text
}

// renderPreview renders l and, when pdftoppm is on PATH, its first page as a
// picture; without it the preview is the letter's text, which is always there.
func renderPreview(l letters.Letter) (preview, error) {
	var p preview
	var buf bytes.Buffer
	if err := letters.Write(&buf, l); err != nil {
		return p, err
	}
	p.pdf = buf.Bytes()
	if png := firstPage(p.pdf); png != nil {
		p.png = png
		return p, nil
	}
	text, err := letters.Text(l)
	p.text = text
	return p, err
}

// firstPage is page 1 of pdf as a PNG at 60 dpi through pdftoppm, or nil
// when pdftoppm is not on PATH or fails (it cannot write PNG to stdout, so it
// works in a temporary folder).
func firstPage(pdf []byte) []byte {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil
	}
	dir, err := os.MkdirTemp("", "rapport-preview-")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "letter.pdf")
	if os.WriteFile(in, pdf, 0o600) != nil {
		return nil
	}
	if exec.Command(tool, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).Run() != nil {
		return nil
	}
	out, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil || len(out) == 0 {
		return nil
	}
	return out
}

// previewLetter shows l as it prints, with Save PDF… and, once saved, Open.
func (u *UI) previewLetter(l letters.Letter) {
	var p preview
	u.run(func() error {
		var err error
		p, err = renderPreview(l)
		return err
	}, func() {
		var body fyne.CanvasObject
		if p.png != nil {
			img := canvas.NewImageFromResource(fyne.NewStaticResource("letter.png", p.png))
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(420, 540))
			body = img
		} else {
			txt := widget.NewLabel(p.text)
			txt.Wrapping = fyne.TextWrapWord
			body = container.NewVScroll(txt)
		}
		var d dialog.Dialog
		name := letterFileName(kindSlug(l.Kind), l.Customer.Name, l.Date)
		save := widget.NewButtonWithIcon("Save PDF…", theme.DocumentSaveIcon(), func() {
			d.Hide()
			u.saveLetterPDF(l, name, p.pdf)
		})
		save.Importance = widget.HighImportance
		d = dialog.NewCustom(sentence(l.Kind.String())+" to "+l.Customer.Name, "Close",
			container.NewBorder(nil, container.NewCenter(save), nil, nil, body), u.win)
		d.Resize(fyne.NewSize(560, 680))
		u.present(d, save.OnTapped, nil)
	})
}

// saveLetterPDF asks where to save the rendered letter l, suggesting name, then
// records it as sent and offers to open it.
func (u *UI) saveLetterPDF(l letters.Letter, name string, pdf []byte) {
	u.savePDF(name, pdf, func() error { return outbox.LogSent(u.ctx, u.st, []letters.Letter{l}) },
		sentence(l.Customer.Name)+"'s contact log records the "+l.Kind.String()+" as sent.")
}

// savePDF asks where to save pdf, suggesting name, writes it off the UI goroutine
// and then runs after (when not nil) there too; then it says it was saved, with
// note, and offers to open it. A failed write leaves no file behind.
func (u *UI) savePDF(name string, pdf []byte, after func() error, note string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("save %s: %w", name, err))
			return
		}
		if w == nil {
			return
		}
		u.run(func() error {
			err := writeChosen(w, func(out io.Writer) error {
				_, err := out.Write(pdf)
				return err
			})
			if err != nil {
				return err
			}
			if after != nil {
				return after()
			}
			return nil
		}, func() {
			msg := "Saved " + w.URI().Name() + "."
			if note != "" {
				msg += " " + note
			}
			u.offerOpen(w.URI(), msg)
		})
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// offerOpen says what was saved and offers to open it in the PDF viewer.
func (u *UI) offerOpen(uri fyne.URI, message string) {
	// A wrapped note takes the width it is given: without one it is a column of words.
	d := dialog.NewCustomConfirm("Saved", "Open", "Close", withWidth(440, wrapped(message)), func(open bool) {
		if !open {
			return
		}
		link, err := url.Parse(uri.String())
		if err == nil {
			err = u.app.OpenURL(link)
		}
		if err != nil {
			u.showError(fmt.Errorf("open %s: %w", uri.Name(), err))
		}
	}, u.win)
	u.present(d, d.Confirm, nil)
}
