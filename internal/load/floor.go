package load

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"strings"
	"sync"

	gossh "golang.org/x/crypto/ssh"
)

// The floor is the least an SSH app can do: golang.org/x/crypto/ssh alone, the same
// authentication as tutord (keys refused, keyboard-interactive lets anyone in), one
// static screen per PTY session, and for each keypress a two-line change that moves a
// marker. Whatever tutord costs beyond it is the app and its terminal handling.

// FloorScreen is the static screen the floor sends: an 80x24 page like tutord's welcome
// screen, ending with a hint line that contains the first-frame marker.
func FloorScreen() string {
	var b strings.Builder
	b.WriteString("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")
	b.WriteString("\x1b[1;38;5;255;48;5;99m Floor: a static screen" + strings.Repeat(" ", 57) + "\x1b[m\r\n")
	for i := 1; i < 23; i++ {
		switch i {
		case 9:
			b.WriteString("\x1b[1;38;5;99m› Start the course\x1b[m\r\n")
		case 10:
			b.WriteString("  Choose a lesson\r\n")
		default:
			fmt.Fprintf(&b, "Line %2d of a screen that never changes unless a key moves the marker.\r\n", i)
		}
	}
	b.WriteString("\x1b[1m↑↓\x1b[m move · \x1b[1menter\x1b[m choose · \x1b[1m?\x1b[m help · \x1b[1mq\x1b[m quit")
	return b.String()
}

// marker moves between rows 10 and 11 (1-based), drawn only where it changes.
var markerMoves = [2]string{
	"\x1b[10;1H  \x1b[11;1H\x1b[1;38;5;99m›\x1b[m",
	"\x1b[11;1H  \x1b[10;1H\x1b[1;38;5;99m›\x1b[m",
}

// ServeFloor accepts SSH connections on ln until it is closed.
func ServeFloor(ln net.Listener) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return err
	}
	cfg := &gossh.ServerConfig{
		KeyboardInteractiveCallback: func(gossh.ConnMetadata, gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
			return nil, nil
		},
		PasswordCallback: func(gossh.ConnMetadata, []byte) (*gossh.Permissions, error) { return nil, nil },
		MaxAuthTries:     64,
		ServerVersion:    "SSH-2.0-floor",
	}
	cfg.AddHostKey(signer)
	screen := []byte(FloorScreen())
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go floorConn(c, cfg, screen)
	}
}

func floorConn(c net.Conn, cfg *gossh.ServerConfig, screen []byte) {
	defer c.Close()
	sc, chans, reqs, err := gossh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	defer sc.Close()
	go gossh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(gossh.UnknownChannelType, "only sessions")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			continue
		}
		go floorSession(ch, creqs, screen)
	}
}

func floorSession(ch gossh.Channel, reqs <-chan *gossh.Request, screen []byte) {
	var once sync.Once
	for req := range reqs {
		switch req.Type {
		case "pty-req", "env", "window-change":
			_ = req.Reply(true, nil)
		case "shell":
			_ = req.Reply(true, nil)
			once.Do(func() { go floorShell(ch, screen) })
		default:
			_ = req.Reply(false, nil)
		}
	}
}

func floorShell(ch gossh.Channel, screen []byte) {
	defer ch.Close()
	if _, err := ch.Write(screen); err != nil {
		return
	}
	buf := make([]byte, 256)
	sel := 0
	for {
		n, err := ch.Read(buf)
		if err != nil {
			return
		}
		for _, k := range buf[:n] {
			if k == 'q' || k == 3 {
				_, _ = ch.Write([]byte("\x1b[?1049l\x1b[?25hGoodbye.\r\n"))
				_, _ = ch.SendRequest("exit-status", false, gossh.Marshal(struct{ Status uint32 }{0}))
				return
			}
		}
		if _, err := ch.Write([]byte(markerMoves[sel])); err != nil {
			return
		}
		sel = 1 - sel
	}
}
