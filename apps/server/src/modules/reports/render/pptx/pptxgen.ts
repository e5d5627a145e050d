/**
 * pptxgenjs, typed for NodeNext: the package's types describe a CommonJS module whose
 * `default` is the class, while Node loads its ES build, whose default export is the class
 * itself. This one place takes either shape and names the types the deck uses.
 */
import pptxgen from 'pptxgenjs';

type Ctor = typeof pptxgen.default;
const loaded = pptxgen as unknown as Ctor | { default: Ctor };
export const Pptx: Ctor = 'default' in loaded ? loaded.default : loaded;

export type Deck = pptxgen.default;
export type Slide = pptxgen.default.Slide;
export type TableCell = pptxgen.default.TableCell;
export type TableRow = pptxgen.default.TableRow;
export type TextProps = pptxgen.default.TextProps;
export type TextPropsOptions = pptxgen.default.TextPropsOptions;
