// The "?" overlay: every shortcut, in one place.
export const SHORTCUTS: Array<[string[], string]> = [
  [['/'], 'Focus the search box'],
  [['j', '↓'], 'Next image'],
  [['k', '↑'], 'Previous image'],
  [['h', '←', 'l', '→'], 'Previous / next image in the row'],
  [['Home', 'End'], 'First / last loaded image'],
  [['Enter'], 'Open the detail panel'],
  [['v'], 'Full-screen viewer (arrows move, z: fit / 100%, Esc closes)'],
  [
    ['x', 'Space'],
    'Mark / unmark for compare and export (also: the box on a thumbnail, Ctrl/Cmd-click, Shift-click a range)',
  ],
  [['c'], 'Compare the two marked images (or marked + selected)'],
  [['e'], 'Export sidecars for the marked images (or the selected one)'],
  [['Esc'], 'Close the panel, dialog or this help'],
  [['1', '2', '3'], 'Library / History / Compare'],
  [['f'], 'Compare: A/B flicker on or off'],
  [['w'], 'Compare: wipe slider'],
  [['s'], 'Compare: side by side'],
  [['d'], 'Compare: heatmap overlay on or off'],
  [['0'], 'Compare: fit to the window'],
  [['?'], 'This help'],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="overlay" onClick={onClose} data-testid="help-overlay">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={what}>
                <td>
                  {keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="dim">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </p>
      </div>
    </div>
  );
}
