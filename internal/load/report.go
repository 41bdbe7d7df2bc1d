package load

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// metric is one row of the table.
type metric struct {
	key, label string
	hold       func(*HoldResult) float64
	churn      func(*ChurnResult) float64
	ratio      bool // worth a ratio to the floor
	digits     int
}

var metrics = []metric{
	{key: "held_ok", label: "held sessions up", hold: func(h *HoldResult) float64 { return float64(h.Sessions) }},
	{key: "held_failed", label: "held sessions failed", hold: func(h *HoldResult) float64 { return float64(h.Failures) }},
	{key: "handshake_p50_ms", label: "handshake p50 (ms), filling", hold: func(h *HoldResult) float64 { return h.HandshakeP50ms }, ratio: true, digits: 2},
	{key: "handshake_p99_ms", label: "handshake p99 (ms), filling", hold: func(h *HoldResult) float64 { return h.HandshakeP99ms }, ratio: true, digits: 2},
	{key: "first_frame_p50_ms", label: "first full frame p50 (ms)", hold: func(h *HoldResult) float64 { return h.FirstFrameP50ms }, ratio: true, digits: 2},
	{key: "first_frame_p99_ms", label: "first full frame p99 (ms)", hold: func(h *HoldResult) float64 { return h.FirstFrameP99ms }, ratio: true, digits: 2},
	{key: "first_frame_bytes", label: "first frame (bytes)", hold: func(h *HoldResult) float64 { return h.FirstFrameBytes }},
	{key: "rss_per_session_kib", label: "RSS per held session (KiB)", hold: func(h *HoldResult) float64 { return h.RSSPerSessionKiB }, ratio: true, digits: 1},
	{key: "live_per_session_kib", label: "live heap+stacks per session (KiB)", hold: func(h *HoldResult) float64 { return h.LivePerSessionKiB }, ratio: true, digits: 1},
	{key: "goroutines_per_session", label: "goroutines per session", hold: func(h *HoldResult) float64 { return h.GoroutinesPerSess }, digits: 1},
	{key: "threads_held", label: "OS threads while held", hold: func(h *HoldResult) float64 { return float64(h.ThreadsHeld) }},
	{key: "idle_cpu_percent", label: "CPU while all idle (% of a core)", hold: func(h *HoldResult) float64 { return h.IdleCPUPercent }, digits: 3},
	{key: "idle_cpu_us_per_session_s", label: "idle CPU per session (µs/s)", hold: func(h *HoldResult) float64 { return h.IdleCPUPerSessionUsPS }, digits: 3},
	{key: "idle_bytes_per_session_s", label: "idle bytes per session per s", hold: func(h *HoldResult) float64 { return h.IdleBytesPerSessionPS }, digits: 3},
	{key: "key_p50_ms", label: "keypress→frame p50 (ms)", hold: func(h *HoldResult) float64 { return h.KeyP50ms }, ratio: true, digits: 2},
	{key: "key_p99_ms", label: "keypress→frame p99 (ms)", hold: func(h *HoldResult) float64 { return h.KeyP99ms }, ratio: true, digits: 2},
	{key: "key_max_ms", label: "keypress→frame max (ms)", hold: func(h *HoldResult) float64 { return h.KeyMaxms }, digits: 2},
	{key: "key_failures", label: "keypresses unanswered", hold: func(h *HoldResult) float64 { return float64(h.KeyFailures) }},
	{key: "bytes_per_move", label: "bytes per selection move", hold: func(h *HoldResult) float64 { return h.BytesPerPress }, digits: 1},
	{key: "rss_before_kib", label: "RSS before (KiB)", hold: func(h *HoldResult) float64 { return float64(h.Before.RSSKiB) }},
	{key: "rss_after_kib", label: "RSS after all left (KiB)", hold: func(h *HoldResult) float64 { return float64(h.After.RSSKiB) }},
	{key: "live_before_kib", label: "live heap+stacks before (KiB)", hold: func(h *HoldResult) float64 { return float64(h.Before.LiveKiB) }},
	{key: "live_after_kib", label: "live heap+stacks after (KiB)", hold: func(h *HoldResult) float64 { return float64(h.After.LiveKiB) }},
	{key: "goroutines_before", label: "goroutines before", hold: func(h *HoldResult) float64 { return float64(h.Before.Goroutines) }},
	{key: "goroutines_after", label: "goroutines after all left", hold: func(h *HoldResult) float64 { return float64(h.After.Goroutines) }},
	{key: "fds_before", label: "open fds before", hold: func(h *HoldResult) float64 { return float64(h.Before.FDs) }},
	{key: "fds_after", label: "open fds after all left", hold: func(h *HoldResult) float64 { return float64(h.After.FDs) }},
	{key: "churn_per_s", label: "churn: sessions per second", churn: func(c *ChurnResult) float64 { return c.PerSecond }, ratio: true, digits: 1},
	{key: "churn_cpu_ms", label: "churn: server CPU per session (ms)", churn: func(c *ChurnResult) float64 { return c.CPUPerSessionMs }, ratio: true, digits: 2},
	{key: "churn_cpu_percent", label: "churn: server CPU (% of a core)", churn: func(c *ChurnResult) float64 { return c.ServerCPUPercent }, digits: 0},
	{key: "churn_handshake_p50_ms", label: "churn: handshake p50 (ms)", churn: func(c *ChurnResult) float64 { return c.HandshakeP50ms }, ratio: true, digits: 2},
	{key: "churn_handshake_p99_ms", label: "churn: handshake p99 (ms)", churn: func(c *ChurnResult) float64 { return c.HandshakeP99ms }, ratio: true, digits: 2},
	{key: "churn_first_frame_p50_ms", label: "churn: first frame p50 (ms)", churn: func(c *ChurnResult) float64 { return c.FirstFrameP50ms }, ratio: true, digits: 2},
	{key: "churn_first_frame_p99_ms", label: "churn: first frame p99 (ms)", churn: func(c *ChurnResult) float64 { return c.FirstFrameP99ms }, ratio: true, digits: 2},
	{key: "churn_failed", label: "churn: sessions failed", churn: func(c *ChurnResult) float64 { return float64(c.Failures) }},
}

// values is one metric across the repeats of a target.
func (m metric) values(t *TargetReport) []float64 {
	var vs []float64
	if m.hold != nil {
		for i := range t.Hold {
			vs = append(vs, m.hold(&t.Hold[i]))
		}
	}
	if m.churn != nil {
		for i := range t.Churn {
			vs = append(vs, m.churn(&t.Churn[i]))
		}
	}
	return vs
}

func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// summarize computes medians and ratios to the floor.
func (r *Report) summarize() {
	r.Medians = map[string]map[string]float64{}
	for _, t := range r.Targets {
		med := map[string]float64{}
		for _, m := range metrics {
			if vs := m.values(t); len(vs) > 0 {
				med[m.key] = median(vs)
			}
		}
		r.Medians[t.Name] = med
	}
	if _, ok := r.Medians["floor"]; !ok {
		return
	}
	// Ratios pair each repeat of a target with the floor's run of the same repeat (they
	// ran minutes apart, not hours), then take the median of those ratios.
	var floorT *TargetReport
	for _, t := range r.Targets {
		if t.Name == "floor" {
			floorT = t
		}
	}
	r.Ratios = map[string]map[string]float64{}
	r.RatioRanges = map[string]map[string][2]float64{}
	for _, t := range r.Targets {
		if t.Name == "floor" {
			continue
		}
		rat := map[string]float64{}
		rng := map[string][2]float64{}
		for _, m := range metrics {
			if !m.ratio {
				continue
			}
			fv, tv := m.values(floorT), m.values(t)
			var rs []float64
			for i := range min(len(fv), len(tv)) {
				if fv[i] != 0 {
					rs = append(rs, tv[i]/fv[i])
				}
			}
			if len(rs) == 0 {
				continue
			}
			rat[m.key] = median(rs)
			lo, hi := rs[0], rs[0]
			for _, v := range rs {
				lo, hi = min(lo, v), max(hi, v)
			}
			rng[m.key] = [2]float64{lo, hi}
		}
		r.Ratios[t.Name] = rat
		r.RatioRanges[t.Name] = rng
	}
	r.Notes = r.verdicts()
}

// verdicts checks the targets for every tutord target.
func (r *Report) verdicts() []string {
	var out []string
	floor := r.Medians["floor"]
	for _, t := range r.Targets {
		if t.Name == "floor" {
			continue
		}
		m := r.Medians[t.Name]
		check := func(name string, ok bool, detail string) {
			v := "met"
			if !ok {
				v = "MISSED"
			}
			out = append(out, fmt.Sprintf("%s: %s %s (%s)", t.Name, name, v, detail))
		}
		if _, ok := m["held_ok"]; ok {
			check(fmt.Sprintf("%d held sessions without failures", r.Config.Sessions), m["held_failed"] == 0 && m["key_failures"] == 0,
				fmt.Sprintf("%.0f up, %.0f failed, %.0f keys unanswered", m["held_ok"], m["held_failed"], m["key_failures"]))
			check("≤ 256 KiB RSS per held session", m["rss_per_session_kib"] <= 256, fmt.Sprintf("%.1f KiB", m["rss_per_session_kib"]))
			idleOK := m["idle_bytes_per_session_s"] == 0 && m["idle_cpu_percent"] <= floor["idle_cpu_percent"]+0.2
			check("zero CPU and bytes per idle session", idleOK,
				fmt.Sprintf("%.2f%% of a core for all (floor %.2f%%), %.3f bytes/session/s", m["idle_cpu_percent"], floor["idle_cpu_percent"], m["idle_bytes_per_session_s"]))
			if r.Config.Presses > 0 {
				check("keypress→frame p99 < 5 ms", m["key_p99_ms"] < 5, fmt.Sprintf("p99 %.2f ms, p50 %.2f ms", m["key_p99_ms"], m["key_p50_ms"]))
				check("< 250 bytes per selection move", m["bytes_per_move"] < 250, fmt.Sprintf("%.1f bytes", m["bytes_per_move"]))
			}
		}
		if ratio, ok := r.Ratios[t.Name]["churn_per_s"]; ok {
			rg := r.RatioRanges[t.Name]["churn_per_s"]
			check("churn rate ≥ 80% of the floor", ratio >= 0.8,
				fmt.Sprintf("median of per-repeat ratios %.0f%% [%.0f–%.0f%%]; %.1f/s vs %.1f/s", 100*ratio, 100*rg[0], 100*rg[1], m["churn_per_s"], floor["churn_per_s"]))
		}
	}
	return out
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.summarize()
	return &r, nil
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as a table: medians per target (with the range over
// repeats), ratios to the floor, and the targets met or missed.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "tutord-load %s: %d CPUs (%s), Linux %s, %s; load average at start %s\n",
		r.Date, r.Machine.CPUs, r.Machine.Model, r.Machine.Kernel, r.Machine.Go, r.Machine.LoadAvg)
	c := r.Config
	fmt.Fprintf(w, "held %d sessions (%dx%d %s, %d opening at once), %d key presses, idle window %s; churn %d sessions, %d at once; %d repeat(s), medians shown",
		c.Sessions, c.W, c.H, c.Term, c.DialConcurrency, c.Presses, c.Idle, c.Churn, c.ChurnConcurrency, c.Repeat)
	if c.Repeat > 1 {
		fmt.Fprint(w, " with [min–max]")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"metric"}
	for _, t := range r.Targets {
		head = append(head, t.Name)
	}
	for _, t := range r.Targets {
		if t.Name != "floor" && r.Ratios != nil {
			head = append(head, t.Name+"/floor")
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, m := range metrics {
		row := []string{m.label}
		any := false
		for _, t := range r.Targets {
			vs := m.values(t)
			if len(vs) == 0 {
				row = append(row, "-")
				continue
			}
			any = true
			cell := format(median(vs), m.digits)
			if len(vs) > 1 {
				lo, hi := vs[0], vs[0]
				for _, v := range vs {
					lo, hi = min(lo, v), max(hi, v)
				}
				if lo != hi {
					cell += " [" + format(lo, m.digits) + "–" + format(hi, m.digits) + "]"
				}
			}
			row = append(row, cell)
		}
		if !any {
			continue
		}
		for _, t := range r.Targets {
			if t.Name == "floor" || r.Ratios == nil {
				continue
			}
			if v, ok := r.Ratios[t.Name][m.key]; ok {
				cell := fmt.Sprintf("%.2f×", v)
				if rg := r.RatioRanges[t.Name][m.key]; rg[0] != rg[1] {
					cell += fmt.Sprintf(" [%.2f–%.2f]", rg[0], rg[1])
				}
				row = append(row, cell)
			} else {
				row = append(row, "")
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	_ = tw.Flush()
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range r.Notes {
			fmt.Fprintln(w, n)
		}
	}
	for _, t := range r.Targets {
		for i, h := range t.Hold {
			if len(h.FailureReasons) > 0 {
				fmt.Fprintf(w, "%s hold run %d failures: %v\n", t.Name, i+1, h.FailureReasons)
			}
		}
		for i, ch := range t.Churn {
			if len(ch.FailureReasons) > 0 {
				fmt.Fprintf(w, "%s churn run %d failures: %v\n", t.Name, i+1, ch.FailureReasons)
			}
		}
	}
	fmt.Fprintf(w, "elapsed %.0fs\n", r.Elapsed)
}

func format(v float64, digits int) string {
	return fmt.Sprintf("%.*f", digits, v)
}
