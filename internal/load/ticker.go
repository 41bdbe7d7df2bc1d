package load

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"tutord/internal/config"
	tutord "tutord/internal/server"
)

// The ticker target is tutord with bubbletea's own tea.Program per session instead of
// termrun: it flushes on a 60 fps frame ticker. Only this tool needs it, to measure
// termrun against (docs/performance.md), so it lives here and not in tutord's settings.

// TickerPrograms makes each session's program a bubbletea tea.Program.
func TickerPrograms(model tea.Model, t tutord.Terminal) (tutord.Program, bool) {
	return tea.NewProgram(model,
		// The server pumps the keyboard in (readsKeys false): bubbletea's reader could
		// hold the program after it ended.
		tea.WithInput(t.Silent),
		tea.WithOutput(t.Out),
		tea.WithContext(t.Context),
		tea.WithEnvironment(append(t.Env, "TERM="+t.Term)),
		// bubbletea sizes its cell buffers by this: the window pump keeps it sane.
		tea.WithWindowSize(t.Width, t.Height),
		tea.WithColorProfile(t.Profile),
		// Signals belong to the server: a SIGTERM drains sessions through Shutdown.
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg.(type) {
			case tea.SuspendMsg:
				return nil // ctrl+z must not try to suspend a program inside the server
			case tea.WindowSizeMsg:
				// Always the latest size: bubbletea sends its first size message from a
				// goroutine, so it can arrive after a newer one and undo it.
				w, h := t.Size()
				return tea.WindowSizeMsg{Width: w, Height: h}
			}
			return msg
		}),
	), false
}

// TickerMain runs tutord with bubbletea's program per session (tutord-load ticker
// [tutord flags]) until SIGINT or SIGTERM. Plain sessions are drawn with colour escapes:
// bubbletea's program does not know plain mode.
func TickerMain(args []string, stderr io.Writer) error {
	cfg, err := config.Load(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	lv, _ := log.ParseLevel(cfg.LogLevel)
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, Level: lv})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunTicker(ctx, cfg, logger, nil)
}

// RunTicker is TickerMain's server on settings and a logger of the caller's, until ctx
// ends; ready receives the addresses it listens on.
func RunTicker(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- tutord.Listening) error {
	deps, err := tutord.LoadDeps(cfg, logger)
	if err != nil {
		return fmt.Errorf("ticker server: %w", err)
	}
	defer deps.Close()
	deps.Programs = TickerPrograms
	return tutord.New(*cfg, deps).Run(ctx, ready)
}
