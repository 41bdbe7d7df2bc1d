package load

import (
	"context"
	"net"
	"net/http"
	"net/http/pprof"
	"testing"
)

// TestRuntimeStatsCountStacks: the live figure is heap and stacks, so the stacks must be
// read from what runtime/pprof really writes ("# Stack = inuse / sys").
func TestRuntimeStatsCountStacks(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	rs, err := fetchRuntime(context.Background(), ln.Addr().String(), false)
	if err != nil {
		t.Fatal(err)
	}
	if rs.Goroutines <= 0 || rs.HeapInuse <= 0 || rs.StackInuse <= 0 || rs.Sys <= 0 {
		t.Errorf("runtime stats incomplete: %+v", rs)
	}
}
