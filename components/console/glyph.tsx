import { cn } from "@/components/ui/cn";

/** Line icons drawn in the consoles' own shapes (no icon font, no external images). */
const PATHS = {
  plus: "M12 5v14M5 12h14",
  upload: "M12 16V4m0 0-4 4m4-4 4 4M4 20h16",
  download: "M12 4v12m0 0-4-4m4 4 4-4M4 20h16",
  save: "M5 4h11l3 3v13H5zM8 4v5h7V4M8 20v-6h8v6",
  close: "M6 6l12 12M18 6 6 18",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6",
  play: "M7 5l12 7-12 7z",
  stop: "M6 6h12v12H6z",
  pencil: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  search: "M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5 20 20",
  copy: "M8 8h11v12H8zM5 16V4h11",
  chevronDown: "M6 9l6 6 6-6",
  chevronRight: "M9 6l6 6-6 6",
  check: "M5 12l5 5L20 7",
  info: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v6M12 7.5v.5",
  warning: "M12 3 2 20h20zM12 10v5M12 17.5v.5",
  gear: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1",
  bell: "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0",
  question: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17v.5",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
  users: "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14a6.5 6.5 0 0 1 3.5 6",
  grid: "M4 4h4v4H4zM10 4h4v4h-4zM16 4h4v4h-4zM4 10h4v4H4zM10 10h4v4h-4zM16 10h4v4h-4zM4 16h4v4H4zM10 16h4v4h-4zM16 16h4v4h-4z",
  external: "M14 4h6v6M20 4l-9 9M18 14v6H4V6h6",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
  menu: "M4 6h16M4 12h16M4 18h16",
  terminal: "M4 5h16v14H4zM7 9l3 3-3 3M12 15h5",
  file: "M6 3h8l4 4v14H6zM14 3v4h4",
  star: "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z",
  beaker: "M9 3h6M10 3v6l-5 10h14l-5-10V3",
  ellipsis: "M5 12h.01M12 12h.01M19 12h.01",
  feedback: "M4 5h16v11H9l-5 4z",
  key: "M8 15a4 4 0 1 1 3.5-6H21v3h-2v3h-3v-3h-4.5A4 4 0 0 1 8 15z",
  shield: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z",
  app: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
} as const;

export type GlyphName = keyof typeof PATHS;

export function Glyph({ name, className }: { name: GlyphName; className?: string }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={cn("size-3.5 shrink-0", className)}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The AWS logo mark: the lowercase "aws" word and the orange smile arrow. */
export function AwsLogo({ className, ink = "white" }: { className?: string; ink?: "white" | "dark" }) {
  return (
    <svg aria-hidden viewBox="0 0 40 24" className={cn("h-5 w-auto shrink-0", className)}>
      <text
        x="20"
        y="13"
        textAnchor="middle"
        fontFamily="Arial, Helvetica, sans-serif"
        fontWeight="700"
        fontSize="14"
        letterSpacing="-0.5"
        fill={ink === "white" ? "#ffffff" : "#232f3e"}
      >
        aws
      </text>
      <path d="M7 16.5c7.5 4.2 18 4.2 25 0.2" fill="none" stroke="#ff9900" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M29 14.6l3.6 1.9-2.4 3.3" fill="none" stroke="#ff9900" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The app tile of a gallery app that Amazon publishes: the AWS mark on the dark squid-ink square. */
export function AwsAppIcon({ className }: { className?: string }) {
  return (
    <span aria-hidden className={cn("bg-aws-ink grid size-8 shrink-0 place-items-center rounded-sm", className)}>
      <AwsLogo className="h-[55%]" />
    </span>
  );
}

/** The Microsoft Entra ID mark: a blue pyramid. */
export function EntraIcon({ className }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={cn("size-5 shrink-0", className)}>
      <path d="M12 2 3 14l9 8 9-8z" fill="#0078d4" />
      <path d="M12 2v20l9-8z" fill="#50a0e6" />
      <path d="M3 14l9 3 9-3-9 8z" fill="#225086" opacity="0.7" />
    </svg>
  );
}
