import { useId } from 'react';

interface LogoMarkProps {
  /** Rendered width and height in pixels. */
  size?: number;
  /** Accessible name; omit when the mark sits next to the product name. */
  title?: string;
}

/**
 * The Metamorph mark: a butterfly whose red wing and blue wing meet in a
 * purple body: red and blue becoming one purple team.
 */
export function LogoMark({ size = 28, title }: LogoMarkProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const red = `${id}-red`;
  const blue = `${id}-blue`;
  const labelled = title !== undefined;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      role={labelled ? 'img' : undefined}
      aria-hidden={labelled ? undefined : true}
      focusable="false"
    >
      {labelled && <title>{title}</title>}
      <defs>
        <linearGradient id={red} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#ff6b81" />
          <stop offset="1" stopColor="#d9304f" />
        </linearGradient>
        <linearGradient id={blue} x1="1" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#6aa5ff" />
          <stop offset="1" stopColor="#2f6fe0" />
        </linearGradient>
      </defs>
      <g fill={`url(#${red})`}>
        <path d="M15 13.2C12.6 6.9 6.4 4.6 3.9 6.6c-2.3 1.9-.6 7.8 3.6 9.3 2.4.8 5.1.3 7.5-1z" />
        <path d="M15 17.2c-3.5-.8-7.6.4-8.6 3.5-.9 2.9 1.7 5.3 4.4 4.4 2.6-.9 4-4.2 4.2-7.9z" />
      </g>
      <g fill={`url(#${blue})`}>
        <path d="M17 13.2c2.4-6.3 8.6-8.6 11.1-6.6 2.3 1.9.6 7.8-3.6 9.3-2.4.8-5.1.3-7.5-1z" />
        <path d="M17 17.2c3.5-.8 7.6.4 8.6 3.5.9 2.9-1.7 5.3-4.4 4.4-2.6-.9-4-4.2-4.2-7.9z" />
      </g>
      <g fill="none" stroke="#a887ea" strokeLinecap="round">
        <path d="M16 11.5v13" strokeWidth="2.6" />
        <path
          d="M15.6 11.2c-.6-2.6-1.8-4.4-3.4-5.2M16.4 11.2c.6-2.6 1.8-4.4 3.4-5.2"
          strokeWidth="1.2"
        />
      </g>
    </svg>
  );
}
