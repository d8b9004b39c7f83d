/**
 * The session link as a QR code drawn in the page (an SVG built node by node from qrcode-generator's module
 * matrix: no markup string is ever parsed). Loaded only when a teacher opens a session. DOM only.
 */
import qrcode from 'qrcode-generator';

const svgNs = 'http://www.w3.org/2000/svg';
/** Light modules around the code, as the QR standard asks (4). */
const quietZone = 4;

/**
 * An SVG of the QR code of `text` (error correction M: readable from a projector across a room).
 * @param text - what the code holds (the session link)
 * @param sizePx - width and height on screen
 */
export function liveQrCode(text: string, sizePx: number): SVGSVGElement {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const side = count + 2 * quietZone;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('width', String(sizePx));
  svg.setAttribute('height', String(sizePx));
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code of the session link');
  const background = document.createElementNS(svgNs, 'rect');
  background.setAttribute('width', String(side));
  background.setAttribute('height', String(side));
  background.setAttribute('fill', '#fff');
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) d += `M${col + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  const modules = document.createElementNS(svgNs, 'path');
  modules.setAttribute('d', d);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}
