package server

import (
	"net"
	"syscall"
)

// bytesWaiting reports whether conn has bytes the kernel received and nobody read yet:
// a client whose version line arrived before the handshake goroutine got to read it is
// not silent, and must not be evicted as if it were. False when it cannot tell.
func bytesWaiting(conn net.Conn) func() bool {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return func() bool {
		waiting := false
		var buf [1]byte
		// Control, not Read: Read would wait for the handshake goroutine's read to end.
		_ = raw.Control(func(fd uintptr) {
			n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
			waiting = err == nil && n > 0
		})
		return waiting
	}
}
