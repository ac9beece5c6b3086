// Drawn inline rather than emoji: many Linux and older Android devices have no colour emoji font.
const PATHS: Record<string, React.ReactNode> = {
  food: (
    <>
      <path d="M5 13h22a11 11 0 0 1-22 0z" fill="#fff" />
      <path d="M19 4l-4 8M23 5l-5 7" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </>
  ),
  takeout: (
    <>
      <path d="M9 11h14l-1.5 14h-11z" fill="#fff" />
      <path d="M12 11a4 4 0 0 1 8 0" stroke="#fff" strokeWidth="2" fill="none" />
    </>
  ),
  housekeeping: (
    <>
      <path d="M20 4l-5 12" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M10 16h10l2 10H8z" fill="#fff" />
    </>
  ),
  beauty: (
    <>
      <circle cx="10" cy="22" r="3.5" stroke="#fff" strokeWidth="2" fill="none" />
      <circle cx="22" cy="22" r="3.5" stroke="#fff" strokeWidth="2" fill="none" />
      <path d="M12.5 19.5L22 6M19.5 19.5L10 6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </>
  ),
  fitness: (
    <>
      <path d="M9 16h14" stroke="#fff" strokeWidth="2.4" />
      <rect x="5" y="10" width="4" height="12" rx="1" fill="#fff" />
      <rect x="23" y="10" width="4" height="12" rx="1" fill="#fff" />
    </>
  ),
}
const COLORS: Record<string, string> = { food: "#e5533d", takeout: "#f29d0a", housekeeping: "#2f80ed", beauty: "#d6338a", fitness: "#1fa35b" }

export function CategoryIcon({ slug }: { slug: string }) {
  return (
    <svg viewBox="0 0 32 32" width="36" height="36" aria-hidden="true" focusable="false" className="icon">
      <circle cx="16" cy="16" r="16" fill={COLORS[slug] ?? "#888"} />
      {PATHS[slug]}
    </svg>
  )
}
