package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Mint returns a session link for one workspace, valid for ttl (between
// MinLinkTTL and MaxLinkTTL), and when it expires. The workspace is not
// looked up here: the caller has already checked it.
func (h *Handler) Mint(workspaceID string, ttl time.Duration) (link string, expiresAt time.Time, err error) {
	if workspaceID == "" {
		return "", time.Time{}, errors.New("ui: minting a session link: no workspace")
	}
	if ttl < MinLinkTTL || ttl > MaxLinkTTL {
		return "", time.Time{}, fmt.Errorf("ui: minting a session link: the lifetime %s is outside %s to %s", ttl, MinLinkTTL, MaxLinkTTL)
	}
	exp := h.now().Add(ttl).Truncate(time.Second).UTC()
	tok := h.signer.sign(claims{Kind: kindLink, WorkspaceID: workspaceID, Expires: exp.Unix(), Nonce: newNonce()})
	return h.publicURL + "/ui/login?" + url.Values{"token": {tok}}.Encode(), exp, nil
}

// GET /ui/login?token= checks a session link, starts a session in a
// cookie and sends the person on without the token in the address.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	link, err := h.signer.verify(r.URL.Query().Get("token"), kindLink, h.now())
	if err == nil {
		if _, gerr := h.store.GetWorkspace(r.Context(), link.WorkspaceID); gerr != nil {
			err = gerr
		}
	}
	if err != nil {
		title := "This link does not work"
		if errors.Is(err, errTokenExpired) {
			title = "This link has expired"
		}
		h.renderError(w, r, http.StatusUnauthorized, title,
			"Sign-in links are short-lived and work only as sent. Ask the host app for a new link: open its Salesforce settings again.")
		return
	}
	exp := h.now().Add(h.sessionTTL)
	sess := claims{Kind: kindSession, WorkspaceID: link.WorkspaceID, Expires: exp.Unix(), Nonce: newNonce()}
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    h.signer.sign(sess),
		Path:     "/ui",
		Expires:  exp,
		MaxAge:   int(h.sessionTTL / time.Second),
		HttpOnly: true,
		Secure:   h.secure,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, Prefix, http.StatusSeeOther)
}
