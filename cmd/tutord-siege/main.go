// Command tutord-siege holds silent TCP connections to a tutord on loopback, from many
// loopback source addresses, and reopens each the moment the server drops it: the siege
// of issue 19, for looking at the server under it (scripts/look-under-siege). It refuses
// any target that is not a loopback address.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2222", "the tutord to siege (loopback only)")
	n := flag.Int("sources", 40, "source addresses, 127.0.0.2 onwards (at most 200)")
	per := flag.Int("per", 20, "silent connections per source")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintln(os.Stderr, "tutord-siege: -addr must be a loopback IP address and port")
		os.Exit(2)
	}
	if *n < 1 || *n > 200 || *per < 1 {
		fmt.Fprintln(os.Stderr, "tutord-siege: -sources 1-200, -per at least 1")
		os.Exit(2)
	}
	var dials, open atomic.Int64
	for i := range *n {
		src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i))}
		for range *per {
			go func() {
				d := net.Dialer{LocalAddr: src}
				for {
					c, err := d.Dial("tcp", *addr)
					if err != nil {
						time.Sleep(time.Millisecond) // out of ports for a moment
						continue
					}
					dials.Add(1)
					open.Add(1)
					_, _ = io.Copy(io.Discard, c) // says nothing, reads until dropped
					_ = c.Close()
					open.Add(-1)
				}
			}()
		}
	}
	for range time.Tick(time.Second) {
		fmt.Printf("connections opened %d, open now %d\n", dials.Load(), open.Load())
	}
}
