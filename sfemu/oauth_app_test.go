package sfemu

import (
	"strings"
	"testing"
)

func TestAddConnectedApp(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	tests := []struct {
		name string
		app  ConnectedApp
		want string
	}{
		{"empty client id", ConnectedApp{}, "client id is empty"},
		{"taken client id", ConnectedApp{ClientID: PlatformCLIClientID}, "taken"},
		{"secret required but none", ConnectedApp{ClientID: "a", RequireSecret: true}, "needs a client secret"},
		{"relative callback", ConnectedApp{ClientID: "b", CallbackURLs: []string{"/cb"}}, "not absolute"},
		{"bad certificate", ConnectedApp{ClientID: "c", Certificate: "not a certificate"}, "no PEM CERTIFICATE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := b.srv.AddConnectedApp(t.Context(), tc.app)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if err := b.srv.AddConnectedApp(t.Context(), ConnectedApp{ClientID: "mobile", CallbackURLs: []string{"myapp://oauth/done"}}); err != nil {
		t.Fatalf("custom-scheme callback: %v", err)
	}
	if _, err := New(Options{SessionTimeout: -1}); err == nil {
		t.Error("negative SessionTimeout accepted")
	}
}
