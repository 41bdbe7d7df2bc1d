package load

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// procStat is what /proc tells about a server process.
type procStat struct {
	RSSKiB  int64 // resident set size
	Threads int64
	FDs     int64
	CPU     time.Duration // user+system time of all threads so far
}

// readProc reads a process's memory, threads, open files and CPU time from /proc.
func readProc(pid int) (procStat, error) {
	var st procStat
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, fmt.Errorf("read /proc/%d/status: %w", pid, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			st.RSSKiB = n
		case "Threads":
			st.Threads = n
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return st, fmt.Errorf("list /proc/%d/fd: %w", pid, err)
	}
	st.FDs = int64(len(fds))
	st.CPU, err = cpuTime(pid)
	return st, err
}

// cpuTime is the CPU time of a process: the sum of its threads' run time from
// schedstat (nanoseconds), or utime+stime from stat (10 ms ticks) where schedstat is
// missing.
func cpuTime(pid int) (time.Duration, error) {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var total int64
	n := 0
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue // a thread that just ended
		}
		f := strings.Fields(string(b))
		if len(f) > 0 {
			v, err := strconv.ParseInt(f[0], 10, 64)
			if err == nil {
				total += v
				n++
			}
		}
	}
	if n > 0 {
		return time.Duration(total), nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read /proc/%d/stat: %w", pid, err)
	}
	// The command name may hold spaces; fields count from after its closing paren.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	stt, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+stt) * 10 * time.Millisecond, nil
}

// runtimeStats is what the server's Go runtime says about itself (from pprof).
type runtimeStats struct {
	Goroutines int64
	HeapInuse  int64 // bytes in in-use heap spans
	StackInuse int64 // bytes of goroutine stacks
	Sys        int64 // bytes obtained from the OS
}

var (
	goroutineTotal = regexp.MustCompile(`goroutine profile: total (\d+)`)
	// runtime/pprof writes the stacks as "# Stack = StackInuse / StackSys".
	memStat = regexp.MustCompile(`(?m)^# (HeapInuse|Stack|Sys) = (\d+)`)
)

// fetchRuntime asks a pprof endpoint for goroutines and memory; gc runs a collection
// first, so the heap is what is live.
func fetchRuntime(ctx context.Context, addr string, gc bool) (runtimeStats, error) {
	var rs runtimeStats
	body, err := httpGet(ctx, "http://"+addr+"/debug/pprof/goroutine?debug=1")
	if err != nil {
		return rs, err
	}
	m := goroutineTotal.FindSubmatch(body)
	if m == nil {
		return rs, fmt.Errorf("no goroutine total from %s", addr)
	}
	rs.Goroutines, _ = strconv.ParseInt(string(m[1]), 10, 64)
	q := "debug=1"
	if gc {
		q += "&gc=1"
	}
	body, err = httpGet(ctx, "http://"+addr+"/debug/pprof/heap?"+q)
	if err != nil {
		return rs, err
	}
	for _, m := range memStat.FindAllSubmatch(body, -1) {
		v, _ := strconv.ParseInt(string(m[2]), 10, 64)
		switch string(m[1]) {
		case "HeapInuse":
			rs.HeapInuse = v
		case "Stack":
			rs.StackInuse = v
		case "Sys":
			rs.Sys = v
		}
	}
	return rs, nil
}

// saveProfile stores a CPU profile of the given length.
func saveProfile(ctx context.Context, addr string, d time.Duration, path string) error {
	body, err := httpGet(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, int(d.Seconds()))))
	if err != nil {
		return err
	}
	return os.WriteFile(path, body, 0o644)
}

// saveHeap stores a heap profile.
func saveHeap(ctx context.Context, addr, path string) error {
	body, err := httpGet(ctx, "http://"+addr+"/debug/pprof/heap?gc=1")
	if err != nil {
		return err
	}
	return os.WriteFile(path, body, 0o644)
}

func httpGet(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("pprof: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("pprof %s: %s", url, resp.Status)
	}
	return body, err
}
