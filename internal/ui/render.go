package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// sharedTemplates are parsed under every page; every other file in
// templates/ is a page, named by its file name without .html, that
// defines "content".
var sharedTemplates = []string{"layout.html", "partials.html"}

// pages holds one template set per page.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	// dict passes several values to a partial: dict "Key" value ...
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"when": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
}

func parsePages() (*pages, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("ui: parsing the layout: %w", err)
	}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, fmt.Errorf("ui: listing the templates: %w", err)
	}
	p := &pages{byName: make(map[string]*template.Template, len(entries))}
	for _, e := range entries {
		file := e.Name()
		if slices.Contains(sharedTemplates, file) || !strings.HasSuffix(file, ".html") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+file)
		if err != nil {
			return nil, fmt.Errorf("ui: parsing page %s: %w", file, err)
		}
		p.byName[strings.TrimSuffix(file, ".html")] = t
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title string
	// Session is nil on pages shown without one (login errors).
	Session *session
	// Crumbs follow "Settings > Integrations"; the last is the page.
	Crumbs []crumb
	Notice *notice
	// Section is the heading and tabs of an integration's pages; nil
	// elsewhere.
	Section *sectionNav
	// Banner warns of integrations whose sync fails; render fills it
	// when a page left it nil.
	Banner []failing
	// RefreshNoScript, when above 0, reloads the page every that many
	// seconds in browsers without script (pages that poll with script).
	RefreshNoScript int
	// Scripts and Styles are page-specific files under /ui/static/,
	// loaded after ui.js and ui.css.
	Scripts, Styles []string
	Data            any
}

type crumb struct {
	Label, Href string
}

// notice is a message at the top of a page: success, error or info.
type notice struct {
	Kind, Text string
}

// render writes page name with status. The page is rendered to a buffer
// first, so a template failure is a clean 500 rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := h.pages.byName[name]
	if !ok {
		h.log.ErrorContext(r.Context(), "ui: no such page template", "page", name)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	if v.Session != nil && v.Banner == nil {
		v.Banner = h.failing(r.Context(), v.Session.Workspace.ID)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.log.ErrorContext(r.Context(), "ui: rendering a page", "page", name, "err", err)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w) // the browser went away; nothing to do
}

// renderError shows a plain error page.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, status, "error", view{Title: title, Data: message})
}

// staticHandler serves the embedded CSS and JS under /ui/static/.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	files := http.StripPrefix("/ui/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}
