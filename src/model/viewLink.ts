/**
 * The deep-link codec: a view document (ViewState.ts) as a URL hash, compact, readable and versioned, and
 * back. Pure string work; depends only on src/model (no DOM: the caller reads and writes `location.hash`).
 *
 * Grammar (parameters in any order, each at most once; `<n>` is a viewport, 0 to 3):
 * ```
 * #view=2                   document version (required; a larger number = made by a newer app; view=1
 *                           links, written before `reveal`, still open, as known cases)
 *  &case=<caseId>           required at view=1; at view=2 absent means the open case, and a link to an
 *                           unknown case leaves it out (a case id may name the diagnosis)
 *  &reveal=history|findings|diagnosis
 *                           an unknown case, revealed up to this stage; absent: all (a known case)
 *  &layout=1x1|1x2|2x2      absent: 1x1
 *  &active=<n>              viewport the keyboard acts on; absent: 0
 *  &tool=<PrimaryTool>      left-button tool, e.g. Probe; absent: WindowLevel
 *  &s<n>=<seriesKey>        required for every viewport
 *  &i<n>=<SOPInstanceUID>   required for every viewport
 *  &w<n>=<width>,<center>   window (0.1 units); absent: the series' default
 *  &inv<n>=1                inverted (0 or absent: not)
 *  &z<n>=<zoom>             camera zoom, 1 = fitted (3 significant digits)
 *  &p<n>=<x>,<y>            camera pan in mm (0.01 mm); z and p both absent: fitted; one absent: 1 / 0,0
 *  &cine<n>=<fps>           cine playing at fps; `<fps>,stopped`: stopped at another rate than 15;
 *                           absent: stopped at 15
 *  &cat=<id>,<id>           overlay categories shown; `cat=` none (overlays off); absent: the case's
 *                           default (the parsed object has no `visibleCategories`)
 *  &hl=<annotation id>      highlighted finding; absent: none
 * ```
 * Values are percent-encoded (encodeURIComponent, plus `!'()*`), with `,` left as it is, so a link holds no
 * spaces and survives a slide or an email. Inside the `cat` list an id's own `%` and `,` are escaped once
 * more (`%25`, `%2C`) before that, so any id survives splitting.
 * Short form: `#view=2&reveal=history` (optionally with `case=`) and nothing else opens the case on its
 * usual opening view (key image, default overlays) at that stage: the link a teacher sends to give a case
 * as an unknown. `#view=2` alone (or with `reveal=all`) opens it known.
 * Example: `#view=2&case=pubis&reveal=findings&layout=1x2&active=1&tool=Probe&s0=ct&i0=1.2.3.70&w0=400,40&z0=1.5&p0=10.25,-3.5
 * &s1=dx&i1=1.2.4.1&inv1=1&cine1=15&cat=rims,levels&hl=mass-1` (one line).
 */
import { describeValue, oneOf, run } from '../lib/validate.ts';
import type { CaseManifest } from './CaseManifest.ts';
import { knownCase, type RevealStage, revealStages, unknownCaseStart } from './RevealStage.ts';
import {
  currentViewStateVersion,
  makeViewStateProblem,
  parseViewState,
  type ViewDocument,
  type ViewStateProblem,
  viewStateVersions,
} from './ViewDocument.ts';
import { layouts, stoppedCine, type ViewState, viewportCount } from './ViewState.ts';

/**
 * What a hash holds: no view, a view object still to check with parseViewState, the short form (the
 * case's opening view at a reveal stage; values still to check), or a broken link.
 */
export type ViewLinkRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'view'; readonly raw: unknown }
  | { readonly kind: 'opening'; readonly caseId: string | null; readonly reveal: string | null }
  | { readonly kind: 'broken'; readonly problems: ViewStateProblem[] };

/** What a hash means for the open case. */
export type ViewLinkState =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'view';
      readonly view: ViewState;
      /** The link says which overlays are shown (perhaps none); otherwise the case's default applies. */
      readonly categoriesGiven: boolean;
    }
  /** The short form: the case's usual opening view, at this reveal stage. */
  | { readonly kind: 'opening'; readonly reveal: RevealStage }
  | {
      readonly kind: 'broken';
      readonly problems: readonly ViewStateProblem[];
      /**
       * The link says the case is unknown (`reveal=`): the stage it names, or `history` when that is not
       * a stage. Kept although the rest is broken, so a mistyped link never opens an unknown case known.
       */
      readonly reveal?: RevealStage;
    };

/** Longest hash read (characters): far more than four viewports and every category need. */
export const maxViewLinkLength = 8192;

const maxViewports = Math.max(...layouts.map(viewportCount));
const topParametersV1: ReadonlySet<string> = new Set([
  'view',
  'case',
  'layout',
  'active',
  'tool',
  'cat',
  'hl',
]);
const topParametersV2: ReadonlySet<string> = new Set([...topParametersV1, 'reveal']);
/** The only parameters of the short form. */
const openingParameters: ReadonlySet<string> = new Set(['view', 'case', 'reveal']);
const viewportParameter = /^(s|i|w|inv|z|p|cine)(0|[1-9][0-9]*)$/;
const numeral = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The hash for a view document, with its leading `#`. Numbers are rounded to what the screen shows.
 * @param doc - the view, e.g. from toViewDocument
 */
export function viewLinkHash(doc: ViewDocument): string {
  const parts: [string, string][] = [
    ['view', String(doc.schemaVersion)],
    // An unknown case's link does not carry its id, which may name the diagnosis (it shows in the address bar).
    ...(doc.reveal === knownCase ? [['case', doc.caseId] as [string, string]] : []),
    ...(doc.reveal === knownCase ? [] : [['reveal', doc.reveal] as [string, string]]),
    ['layout', doc.layout],
    ['active', String(doc.activeViewport)],
    ['tool', doc.primaryTool],
  ];
  doc.viewports.forEach(({ image, voi, invert, camera, cine }, n) => {
    parts.push([`s${n}`, image.seriesKey], [`i${n}`, image.SOPInstanceUID]);
    if (voi) parts.push([`w${n}`, `${windowUnits(voi.windowWidth)},${windowUnits(voi.windowCenter)}`]);
    if (invert) parts.push([`inv${n}`, '1']);
    if (camera) {
      parts.push([`z${n}`, String(Number(camera.zoom.toPrecision(3)))]);
      parts.push([`p${n}`, `${hundredths(camera.panMm[0])},${hundredths(camera.panMm[1])}`]);
    }
    if (cine.playing) parts.push([`cine${n}`, String(cine.fps)]);
    else if (cine.fps !== stoppedCine.fps) parts.push([`cine${n}`, `${cine.fps},stopped`]);
  });
  parts.push(['cat', doc.visibleCategories.map(escapeListItem).join(',')]);
  if (doc.highlightedFinding !== null) parts.push(['hl', doc.highlightedFinding]);
  return `#${parts.map(([name, value]) => `${name}=${encodeValue(value)}`).join('&')}`;
}

/**
 * Reads a URL hash. Only the link's grammar is checked here (known parameters, each once, lists of the
 * right length); values go into the object as written (numbers as numbers where they are numerals) for
 * parseViewState to check, so its problems name the document's fields. Never throws.
 * @param hash - `location.hash`, with or without its `#`
 */
export function readViewLinkHash(hash: string): ViewLinkRead {
  const body = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  const params = new URLSearchParams(body);
  if (!params.has('view')) return { kind: 'none' };
  if (body.length > maxViewLinkLength) {
    const detail = `the link is too long to be a view (${body.length} characters; at most ${maxViewLinkLength})`;
    return { kind: 'broken', problems: [makeViewStateProblem('', body.length, detail)] };
  }
  const problems: ViewStateProblem[] = [];
  const broken = (name: string, value: unknown, detail: string) =>
    problems.push(makeViewStateProblem(name, value, detail));

  const version = params.get('view') ?? '';
  if (!/^[1-9][0-9]*$/.test(version)) {
    broken(
      'view',
      version,
      `${describeValue(version)} is not a link version (this app writes view=${currentViewStateVersion})`,
    );
    return { kind: 'broken', problems };
  }
  // A newer document has a grammar this app cannot know: parseViewState says so in its own words.
  if (Number(version) > currentViewStateVersion)
    return { kind: 'view', raw: { schemaVersion: Number(version) } };
  const linkVersion = Number(version);
  const topParameters: ReadonlySet<string> =
    linkVersion === viewStateVersions.bySopInstance ? topParametersV1 : topParametersV2;
  // The short form: nothing but the version, the stage and perhaps the case, each once.
  const names = [...params.keys()];
  const short = names.every((name) => openingParameters.has(name)) && new Set(names).size === names.length;
  if (short && linkVersion >= viewStateVersions.withReveal)
    return { kind: 'opening', caseId: params.get('case'), reveal: params.get('reveal') };

  const viewports: Record<string, string>[] = [];
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    const value = values[0] ?? '';
    if (values.length > 1)
      broken(name, values, `${describeValue(name)} is given ${values.length} times; give it once`);
    const match = viewportParameter.exec(name);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      const n = Number(match[2]);
      if (n >= maxViewports) {
        broken(name, value, `there is no viewport ${n} in any layout (viewports 0 to ${maxViewports - 1})`);
      } else {
        const given = viewports[n] ?? {};
        given[match[1]] = value;
        viewports[n] = given;
      }
    } else if (!topParameters.has(name)) {
      const since = name === 'reveal' ? ` of version ${linkVersion} (reveal came with view=2)` : '';
      broken(name, value, `${describeValue(name)} is not part of a view link${since}`);
    }
  }
  const caseId = params.get('case');
  if (caseId === null && linkVersion < viewStateVersions.withReveal)
    broken('case', null, 'the link names no case (case=<case id>)');

  const docViewports = Array.from(viewports, (given, n) => readViewport(given ?? {}, n, broken));
  if (problems.length > 0) return { kind: 'broken', problems };

  const raw: Record<string, unknown> = {
    schemaVersion: linkVersion,
    caseId,
    layout: params.get('layout') ?? '1x1',
    activeViewport: numberOrText(params.get('active') ?? '0'),
    primaryTool: params.get('tool') ?? 'WindowLevel',
    viewports: docViewports,
    highlightedFinding: params.get('hl'),
  };
  if (linkVersion >= viewStateVersions.withReveal) raw.reveal = params.get('reveal') ?? knownCase;
  const categories = params.get('cat');
  if (categories !== null)
    raw.visibleCategories = categories === '' ? [] : categories.split(',').map(unescapeListItem);
  return { kind: 'view', raw };
}

/**
 * Reads a hash as a view of the open case: `none` without `view=`, the view when link and values are
 * sound, else every problem (the link's grammar first; then the values, by document field).
 * @param hash - `location.hash`
 * @param manifest - the open case
 */
export function viewStateFromLink(hash: string, manifest: CaseManifest): ViewLinkState {
  const state = linkState(hash, manifest);
  if (state.kind !== 'broken') return state;
  const reveal = stageNamedIn(hash);
  return reveal === null || reveal === knownCase ? state : { ...state, reveal };
}

/** The stage a link's `reveal=` names; `history` when it names none of them; null without one. */
function stageNamedIn(hash: string): RevealStage | null {
  const body = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  let given: string | null;
  try {
    given = new URLSearchParams(body.slice(0, maxViewLinkLength)).get('reveal');
  } catch {
    return null;
  }
  if (given === null) return null;
  return (revealStages as readonly string[]).includes(given) ? (given as RevealStage) : unknownCaseStart;
}

function linkState(hash: string, manifest: CaseManifest): ViewLinkState {
  const read = readViewLinkHash(hash);
  if (read.kind === 'opening') return openingFromLink(read, manifest);
  if (read.kind !== 'view') return read;
  // From view=2 on, a link without `case=` is for the open case.
  const raw =
    typeof read.raw === 'object' && read.raw !== null && 'caseId' in read.raw && read.raw.caseId === null
      ? { ...read.raw, caseId: manifest.caseId }
      : read.raw;
  const parsed = parseViewState(raw, manifest);
  if (!parsed.ok) return { kind: 'broken', problems: parsed.problems };
  const categoriesGiven =
    typeof read.raw === 'object' && read.raw !== null && 'visibleCategories' in read.raw;
  return { kind: 'view', view: parsed.view, categoriesGiven };
}

/** The short form, checked: a known stage, and the open case if it names one. */
function openingFromLink(
  read: { readonly caseId: string | null; readonly reveal: string | null },
  manifest: CaseManifest,
): ViewLinkState {
  const problems: ViewStateProblem[] = [];
  if (read.caseId !== null && read.caseId !== manifest.caseId) {
    const detail = `this view is for case ${describeValue(read.caseId)}, but the open case is '${manifest.caseId}'`;
    problems.push(makeViewStateProblem('caseId', read.caseId, detail));
  }
  const stage = run(oneOf(revealStages), read.reveal ?? knownCase);
  if (!stage.ok) {
    for (const p of stage.problems) problems.push(makeViewStateProblem('reveal', p.value, p.detail));
  }
  if (problems.length > 0 || !stage.ok) return { kind: 'broken', problems };
  return { kind: 'opening', reveal: stage.value };
}

/** One viewport's parameters as a raw ViewportDocument; grammar problems go to `broken`. */
function readViewport(
  given: Readonly<Record<string, string>>,
  n: number,
  broken: (name: string, value: unknown, detail: string) => void,
): Record<string, unknown> {
  const pair = (name: string, form: string): unknown[] | undefined => {
    const value = given[name];
    if (value === undefined) return undefined;
    const parts = value.split(',');
    if (parts.length === 2) return parts.map(numberOrText);
    broken(
      `${name}${n}`,
      value,
      `must be two numbers, ${form} (e.g. ${name}${n}=${name === 'w' ? '400,40' : '0,0'})`,
    );
    return undefined;
  };
  const viewport: Record<string, unknown> = { image: {}, invert: false, cine: { ...stoppedCine } };
  const image = viewport.image as Record<string, unknown>;
  if (given.s === undefined)
    broken(`s${n}`, undefined, `the link gives viewport ${n} no series (s${n}=<series key>)`);
  else image.seriesKey = given.s;
  if (given.i === undefined)
    broken(`i${n}`, undefined, `the link gives viewport ${n} no image (i${n}=<SOPInstanceUID>)`);
  else image.SOPInstanceUID = given.i;
  const voi = pair('w', 'width,center');
  if (voi) viewport.voi = { windowWidth: voi[0], windowCenter: voi[1] };
  if (given.inv === '1') viewport.invert = true;
  else if (given.inv !== undefined && given.inv !== '0') {
    broken(`inv${n}`, given.inv, `must be 1 (inverted) or 0, not ${describeValue(given.inv)}`);
  }
  const pan = pair('p', 'x,y in mm');
  if (given.z !== undefined || pan) {
    viewport.camera = { zoom: given.z === undefined ? 1 : numberOrText(given.z), panMm: pan ?? [0, 0] };
  }
  if (given.cine !== undefined) {
    const [fps = '', state, ...more] = given.cine.split(',');
    if (more.length > 0 || (state !== undefined && state !== 'stopped')) {
      broken(
        `cine${n}`,
        given.cine,
        `must be <fps> (playing) or <fps>,stopped, not ${describeValue(given.cine)}`,
      );
    } else {
      viewport.cine = { playing: state === undefined, fps: numberOrText(fps) };
    }
  }
  return viewport;
}

/** A numeral as a number (huge ones become Infinity, which parseViewState rejects); anything else as text. */
function numberOrText(text: string): number | string {
  return numeral.test(text) ? Number(text) : text;
}

/** Window units to 0.1 (HU on CT); a value that would round to 0 keeps 2 significant digits. */
function windowUnits(value: number): string {
  const tenths = Math.round(value * 10) / 10;
  return String(tenths === 0 && value !== 0 ? Number(value.toPrecision(2)) : tenths);
}

/** Millimetres to 0.01. */
function hundredths(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** encodeURIComponent, with `,` kept and `!'()*` encoded; a lone surrogate (which it rejects) becomes U+FFFD. */
function encodeValue(value: string): string {
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return encodeURIComponent(wellFormed)
    .replaceAll('%2C', ',')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A list item's own `%` and `,`, escaped so the list can be split on `,` after URL decoding. */
function escapeListItem(item: string): string {
  return item.replace(/[%,]/g, (c) => (c === '%' ? '%25' : '%2C'));
}

function unescapeListItem(item: string): string {
  return item.replace(/%(25|2C)/gi, (escaped) => (escaped === '%25' ? '%' : ','));
}
