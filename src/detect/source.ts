// Where an image comes from, for its OCI labels: the repository's web address and name (from the CI's
// variables, else git's remote), its license (the event payload's, else the license file's), and the
// commit's time (the payload's, GitLab's variable, else git's), so that one commit builds one image.

type Env = Record<string, string | undefined>;

export interface Source {
  /** The repository's web address, e.g. `https://github.com/acme/shop`; empty when unknown. */
  url: string;
  /** The repository's name, e.g. `shop`. */
  title: string;
  /** An SPDX identifier, e.g. `MIT`; empty when unknown. */
  license: string;
  /** The commit's time, RFC 3339 in UTC; empty when unknown. */
  created: string;
}

/** What git and the checkout say, for the fields the CI does not give. */
export interface SourceFacts {
  /** `git log -1 --format=%cI`. */
  created: string;
  /** `git remote get-url origin`. */
  remote: string;
  /** The checkout's folder, whose name titles a repository with no remote. */
  folder: string;
}

interface SourcePayload {
  repository?: { license?: { spdx_id?: string } | null };
  head_commit?: { timestamp?: string } | null;
}

/**
 * A remote as a web address: `git@host:o/r.git` and `ssh://git@host/o/r` become `https://host/o/r`;
 * credentials in the address (`https://user:token@host/...`) are dropped, never put in a label.
 */
export function webAddress(remote: string): string {
  const text = remote.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(text);
  let url: URL;
  try {
    url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : text);
  } catch {
    return '';
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return '';
  const pathname = url.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  return `https://${url.hostname}${pathname}`;
}

/** Known license texts, by words each one has near its start. */
const LICENSES: [string, RegExp][] = [
  ['AGPL-3.0', /GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['LGPL-3.0', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['LGPL-2.1', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/i],
  ['GPL-3.0', /GNU GENERAL PUBLIC LICENSE\s+Version 3/i],
  ['GPL-2.0', /GNU GENERAL PUBLIC LICENSE\s+Version 2/i],
  ['Apache-2.0', /Apache License\s+Version 2\.0/i],
  ['MPL-2.0', /Mozilla Public License,? Version 2\.0/i],
  ['MIT', /Permission is hereby granted, free of charge/i],
  ['ISC', /Permission to use, copy, modify, and\/or distribute this software for any/i],
  ['BSD-3-Clause', /Redistribution and use in source and binary forms[\s\S]*Neither the name/i],
  ['BSD-2-Clause', /Redistribution and use in source and binary forms/i],
  ['Unlicense', /This is free and unencumbered software released into the public domain/i],
];

/** The SPDX identifier of a license text, or empty when it is none berth knows. */
export function licenseOf(text: string): string {
  return LICENSES.find(([, words]) => words.test(text))?.[0] ?? '';
}

/** A time as RFC 3339 in UTC (`2026-12-01T10:00:00Z`); empty when it is not a time. */
function utc(text: string | undefined): string {
  const time = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(time) ? '' : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

function lastPart(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? '';
}

export function resolveSource(
  env: Env,
  payload: SourcePayload,
  git: SourceFacts | undefined,
  licenseText: string,
): Source {
  const remote = webAddress(git?.remote ?? '');
  let url = remote;
  let title = lastPart(remote) || lastPart(git?.folder ?? '');
  if (env.GITHUB_REPOSITORY) {
    url = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
    title = lastPart(env.GITHUB_REPOSITORY);
  } else if (env.CI_PROJECT_URL) {
    url = env.CI_PROJECT_URL;
    title = env.CI_PROJECT_NAME || lastPart(url);
  } else if (env.CIRCLE_REPOSITORY_URL) {
    url = webAddress(env.CIRCLE_REPOSITORY_URL);
    title = env.CIRCLE_PROJECT_REPONAME || lastPart(url);
  }
  const spdx = payload.repository?.license?.spdx_id;
  return {
    url,
    title,
    license: spdx && spdx !== 'NOASSERTION' ? spdx : licenseOf(licenseText),
    created: utc(payload.head_commit?.timestamp) || utc(env.CI_COMMIT_TIMESTAMP) || utc(git?.created),
  };
}
