// Package session holds the per-connection app: one bubbletea model per SSH session, with
// a welcome screen, the lesson menu, a Markdown reader, quizzes and a final score. All of a
// learner's state lives in this model and is gone when the session ends.
package session

import (
	"fmt"
	"image/color"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

// Shared is what every session reads and none writes: the course, the rendering cache,
// the branding and the event sink. One value serves all sessions.
type Shared struct {
	Catalog  *lessons.Catalog
	Markdown *markdown.Renderer
	Brand    Brand
	// Events receives anonymous counts (lesson opened, answer right or wrong); may be nil.
	Events Events
}

// Brand is an organisation's look: title, name, welcome text and accent colour. Empty
// fields keep the defaults.
type Brand struct {
	Title   string
	Org     string
	Welcome string
	Accent  color.Color
}

// Events are the app's anonymous events, for metrics. They carry lesson and question ids,
// never anything about the learner.
type Events interface {
	LessonOpened(lesson string)
	QuizFinished(lesson string, passed bool)
	Answered(lesson, question string, right bool)
}

// Options are what one session starts with.
type Options struct {
	Width, Height int
	Lang          string // "en" or "de"
	Plain         bool   // ASCII only, no colour (TERM=dumb, NO_COLOR, `plain`)
	// Start opens this lesson straight away (ssh -t HOST lesson ID).
	Start string
}

type screen int

const (
	welcomeScreen screen = iota
	menuScreen
	readerScreen
	quizScreen
	finalScreen
)

// ShutdownMsg tells a session the server is going down: it shows a goodbye and quits.
type ShutdownMsg struct{}

// App is the root model of one session. It owns the shared state of the screens (size,
// language, progress) and hands keys to the screen in front.
type App struct {
	sh    *Shared
	t     *i18n.Text
	lang  string
	plain bool
	dark  bool
	theme theme
	w, h  int

	progress lessons.Progress
	screen   screen
	help     bool
	helpOff  int
	// Quit reason, shown by the server after the program ends.
	goodbye string

	welcome welcomeModel
	menu    menuModel
	reader  readerModel
	quiz    quizModel
	final   finalModel
}

// New builds the app for one session.
func New(sh *Shared, o Options) *App {
	a := &App{sh: sh, progress: lessons.Progress{}, plain: o.Plain, dark: true}
	a.setLang(o.Lang)
	a.setSize(o.Width, o.Height)
	a.theme = newTheme(a.plain, sh.Brand.Accent)
	if o.Start != "" {
		if i := sh.Catalog.Index(o.Start); i >= 0 {
			a.openLesson(i)
		}
	}
	return a
}

// Init implements tea.Model. It asks the terminal for its background colour so lessons
// can be drawn dark-on-light or light-on-dark; nothing else runs in the background.
func (a *App) Init() tea.Cmd {
	if a.plain {
		return nil
	}
	return tea.RequestBackgroundColor
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.setSize(msg.Width, msg.Height)
		a.onResize()
		return a, nil
	case tea.BackgroundColorMsg:
		if dark := msg.IsDark(); dark != a.dark {
			a.dark = dark
			a.onResize() // re-render lessons in the matching style
		}
		return a, nil
	case ShutdownMsg:
		a.goodbye = a.t.Shutdown
		return a, tea.Quit
	case tea.KeyPressMsg:
		return a, a.key(msg)
	case tea.PasteMsg:
		return a, nil
	}
	return a, nil
}

func (a *App) key(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "ctrl+c":
		return a.quit()
	}
	if a.help {
		// Any key closes help; scrolling keys scroll it.
		switch k.String() {
		case "down", "j":
			a.helpOff++
			return nil
		case "up", "k":
			a.helpOff = max(0, a.helpOff-1)
			return nil
		case "q":
			return a.quit()
		}
		a.help = false
		return nil
	}
	if a.tooSmall() {
		if k.String() == "q" {
			return a.quit()
		}
		return nil
	}
	switch k.String() {
	case "q":
		return a.quit()
	case "?":
		a.help, a.helpOff = true, 0
		return nil
	case "L":
		a.setLang(i18n.Next(a.lang))
		a.onResize()
		return nil
	}
	switch a.screen {
	case welcomeScreen:
		return a.welcome.update(a, k)
	case menuScreen:
		return a.menu.update(a, k)
	case readerScreen:
		return a.reader.update(a, k)
	case quizScreen:
		return a.quiz.update(a, k)
	case finalScreen:
		return a.final.update(a, k)
	}
	return nil
}

func (a *App) quit() tea.Cmd {
	if a.goodbye == "" {
		a.goodbye = a.t.Goodbye
	}
	return tea.Quit
}

// Goodbye is the line to print after the program ends, in the learner's language.
func (a *App) Goodbye() string {
	if a.goodbye == "" {
		return a.t.Goodbye
	}
	return a.goodbye
}

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.viewString())
	v.AltScreen = true
	v.WindowTitle = a.courseTitle()
	return v
}

func (a *App) viewString() string {
	if a.tooSmall() {
		return a.tooSmallView()
	}
	if a.help {
		return a.helpView()
	}
	switch a.screen {
	case menuScreen:
		return a.menu.view(a)
	case readerScreen:
		return a.reader.view(a)
	case quizScreen:
		return a.quiz.view(a)
	case finalScreen:
		return a.final.view(a)
	default:
		return a.welcome.view(a)
	}
}

func (a *App) setSize(w, h int) {
	// Clamp: a client may claim any size, including 0x0 and 100000x100000.
	a.w = max(0, min(w, MaxWidth))
	a.h = max(0, min(h, MaxHeight))
}

func (a *App) setLang(lang string) {
	a.lang = lang
	a.t = i18n.For(lang)
}

func (a *App) tooSmall() bool { return a.w < MinWidth || a.h < MinHeight }

func (a *App) tooSmallView() string {
	msg := fmt.Sprintf(a.t.TooSmall, a.w, a.h, MinWidth, MinHeight)
	lines := wrap(msg, max(1, a.w))
	if len(lines) > a.h && a.h > 0 {
		lines = lines[:a.h]
	}
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}

// onResize re-renders what depends on width, language or style.
func (a *App) onResize() {
	if a.screen == readerScreen {
		a.reader.refresh(a)
	}
}

func (a *App) courseTitle() string {
	if a.sh.Brand.Title != "" {
		return a.sh.Brand.Title
	}
	return a.t.CourseTitle
}

func (a *App) mdStyle() markdown.Style {
	switch {
	case a.plain:
		return markdown.Plain
	case a.dark:
		return markdown.Dark
	default:
		return markdown.Light
	}
}

// Navigation between screens.

func (a *App) showWelcome() { a.screen = welcomeScreen }

func (a *App) showMenu() {
	a.screen = menuScreen
}

func (a *App) openLesson(i int) {
	if i < 0 || i >= a.sh.Catalog.Len() {
		a.showMenu()
		return
	}
	l := a.sh.Catalog.At(a.lang, i)
	a.progress.MarkRead(l.ID)
	a.menu.sel = i
	a.reader = readerModel{idx: i}
	a.reader.refresh(a)
	a.screen = readerScreen
	if a.sh.Events != nil {
		a.sh.Events.LessonOpened(l.ID)
	}
}

func (a *App) startQuiz(i int) {
	l := a.sh.Catalog.At(a.lang, i)
	a.quiz = newQuizModel(i, l)
	a.screen = quizScreen
}

func (a *App) showFinal() {
	a.final = finalModel{}
	a.screen = finalScreen
}

// lesson returns the lesson at menu position i in the session's language.
func (a *App) lesson(i int) *lessons.Lesson { return a.sh.Catalog.At(a.lang, i) }

// statusGlyph is the mark for a lesson's state; words go with it in the legend, so the
// meaning never depends on colour.
func (a *App) statusGlyph(s lessons.Status) string {
	switch s {
	case lessons.QuizPassed:
		return a.theme.right.Render(a.theme.g.passed)
	case lessons.Read:
		return a.theme.accent.Render(a.theme.g.read)
	default:
		return a.theme.g.notStarted
	}
}

// Unused colour helper kept close to the theme: lipgloss needs a color.Color for branding.
var _ = lipgloss.Color
