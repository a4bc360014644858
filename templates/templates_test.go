package templates

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbedsEveryTemplateFolder: the binary carries each folder under
// templates/ with a spec.json, byte for byte.
func TestEmbedsEveryTemplateFolder(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("*", SpecFile))
	require.NoError(t, err)
	require.NotEmpty(t, specs)
	var want []string
	for _, s := range specs {
		want = append(want, filepath.Dir(s))
	}
	assert.Equal(t, want, Names())
	for _, name := range Names() {
		err := filepath.WalkDir(name, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			disk, err := os.ReadFile(path)
			require.NoError(t, err)
			embedded, err := fs.ReadFile(FS(), filepath.ToSlash(path))
			require.NoError(t, err, "%s is embedded", path)
			assert.Equal(t, disk, embedded, path)
			return nil
		})
		require.NoError(t, err)
	}
	for _, f := range []string{"README.md", "github-workflow.yml"} {
		_, err := fs.Stat(FS(), RepoDir+"/"+f)
		assert.NoError(t, err)
	}
}
