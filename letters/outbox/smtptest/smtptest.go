// Package smtptest runs a real SMTP server on this computer for tests of
// sending: it speaks the protocol with go-smtp, keeps every message it takes,
// and can be told to fail the ways real servers do (a login refused, a
// recipient refused, a connection dropped between messages or in the middle of
// one). Tests read the messages back as a mail program would.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rapport-app/rapport/data/shop"
)

// Options say how the server behaves; the zero value takes every message
// without a login and without TLS.
type Options struct {
	// User and Password, when User is set, are the only login the server takes.
	User, Password string
	// RejectRcpt are addresses the server refuses with "550 5.1.1 no such user".
	RejectRcpt []string
	// DropAfter, when more than 0, makes the server close the connection right
	// after it has taken that many messages (the reply to the last one sent),
	// and refuse connections from then on: a server that goes away mid-batch.
	DropAfter int
	// DropInData, when more than 0, makes the server read the whole text of the
	// message with that number (counting from 1) and close the connection
	// without a reply: the client cannot know whether the message was taken. The
	// server keeps it, as a real one that had queued it would.
	DropInData int
	// HoldInData, when more than 0, makes the server read the whole text of the
	// message with that number (keeping it) and then answer nothing until the
	// test ends: the client waits for a reply that never comes, and a test
	// stops it meanwhile. Held is closed when that text has arrived.
	HoldInData int
	// TLS serves STARTTLS, or, with Implicit, TLS from the first byte, with a
	// certificate for 127.0.0.1 and localhost signed by CA (see TrustCA).
	TLS      bool
	Implicit bool
}

// Message is one message the server took.
type Message struct {
	From string
	To   []string
	Raw  []byte
	// Header and Body as a mail program reads them: the subject decoded, the
	// body's quoted-printable undone.
	Header    mail.Header
	Subject   string
	Body      string
	MessageID string // without angle brackets
}

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int
	// Held is closed when the message Options.HoldInData names has arrived.
	Held chan struct{}
	opts Options
	// release ends the hold when the test ends.
	release chan struct{}

	srv *smtp.Server
	ln  net.Listener

	mu       sync.Mutex
	messages []Message
	taken    int // messages whose text arrived, dropped or not
	down     bool
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, Held: make(chan struct{}), release: make(chan struct{})}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		down := s.down
		s.mu.Unlock()
		if down {
			return nil, &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Service not available"}
		}
		return &session{s: s, conn: c}, nil
	})
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = quietLog{}
	var ln net.Listener
	var err error
	if opts.TLS {
		cfg := &tls.Config{Certificates: []tls.Certificate{serverCert(t)}}
		if opts.Implicit {
			ln, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
		} else {
			srv.TLSConfig = cfg
			ln, err = net.Listen("tcp", "127.0.0.1:0")
		}
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.srv, s.ln = srv, ln
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	go srv.Serve(ln) //nolint:errcheck // ends when the test closes it
	t.Cleanup(func() {
		close(s.release)
		srv.Close()
	})
	return s
}

// Settings are the shop's email settings for this server, sending from from.
func (s *Server) Settings(from string) shop.EmailSettings {
	set := shop.EmailSettings{Host: s.Host, Port: s.Port, User: s.opts.User, From: from, TLS: shop.TLSNone}
	if s.opts.TLS {
		set.Host = "localhost"
		set.TLS = shop.TLSStartTLS
		if s.opts.Implicit {
			set.TLS = shop.TLSImplicit
		}
	}
	return set
}

// Messages are the messages taken so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Close stops the server: connections are refused from then on.
func (s *Server) Close() { s.srv.Close() }

type session struct {
	s    *Server
	conn *smtp.Conn
	from string
	to   []string
	// dropAfterReply closes the connection once the reply to a message is out.
	dropAfterReply bool
}

func (se *session) AuthMechanisms() []string {
	if se.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != se.s.opts.User || pass != se.s.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	for _, r := range se.s.opts.RejectRcpt {
		if strings.EqualFold(r, to) {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
		}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Cannot read the message: " + err.Error()}
	}
	m.From, m.To = se.from, se.to
	s := se.s
	s.mu.Lock()
	s.taken++
	n := s.taken
	s.messages = append(s.messages, m)
	if s.opts.DropAfter > 0 && n >= s.opts.DropAfter {
		s.down = true
		se.dropAfterReply = true
	}
	s.mu.Unlock()
	if s.opts.DropInData > 0 && n == s.opts.DropInData {
		se.conn.Conn().Close()
		return errors.New("dropped")
	}
	if s.opts.HoldInData > 0 && n == s.opts.HoldInData {
		close(s.Held)
		<-s.release
		return errors.New("held")
	}
	return nil
}

// Reset runs after the reply to a message is written: the place to drop the
// connection between messages.
func (se *session) Reset() {
	se.from, se.to = "", nil
	if se.dropAfterReply {
		se.conn.Conn().Close()
	}
}

func (se *session) Logout() error { return nil }

// parse reads a message the way a mail program shows it.
func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return Message{}, err
	}
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		if body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body))); err != nil {
			return Message{}, err
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	return Message{Raw: raw, Header: msg.Header, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n"),
		MessageID: strings.Trim(msg.Header.Get("Message-ID"), "<> ")}, nil
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

var (
	caOnce sync.Once
	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caPEM  []byte
	caErr  error
)

// ca is a certificate authority made once per test binary.
func ca() (*x509.Certificate, *ecdsa.PrivateKey, []byte, error) {
	caOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			caErr = err
			return
		}
		tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Rapport test CA"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
		der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
		if err != nil {
			caErr = err
			return
		}
		caCert, _ = x509.ParseCertificate(der)
		caKey = key
		caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	})
	return caCert, caKey, caPEM, caErr
}

// TrustCA writes the test CA to a file in dir and points SSL_CERT_FILE at it,
// so that this process trusts the servers' certificates the way it trusts any
// other. Call it before the first TLS connection of the process: the system's
// certificates are read once per process.
func TrustCA(dir string) error {
	_, _, p, err := ca()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "rapport-test-ca.pem")
	if err := os.WriteFile(path, p, 0o600); err != nil {
		return err
	}
	return os.Setenv("SSL_CERT_FILE", path)
}

// serverCert is a certificate for 127.0.0.1 and localhost signed by the test CA.
func serverCert(t testing.TB) tls.Certificate {
	t.Helper()
	cert, key, _, err := ca()
	if err != nil {
		t.Fatal(err)
	}
	sk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, cert, &sk.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: sk}
}
