/**
 * The ATT&CK Navigator layer file, format 4.5, as the server writes it (the fields it uses;
 * docs/schemas/navigator-layer-4.5.schema.json is the whole format as a JSON Schema).
 */

export const LAYER_FORMAT = '4.5';
/** The Navigator release the layer is written for (4.5 needs at least 4.9.0). */
export const NAVIGATOR_VERSION = '5.1.0';
export const LAYER_DOMAIN = 'enterprise-attack';

export interface LayerMetadata {
  name: string;
  value: string;
}
export interface LayerTechnique {
  techniqueID: string;
  /** The tactic shortname; absent when the tag snapshot knows no tactic (every tactic). */
  tactic?: string;
  /** The detection level's coverage score; absent while no test has an outcome (unscored). */
  score?: number;
  /** The level's colour; absent with the score. */
  color?: string;
  comment: string;
  enabled: boolean;
  showSubtechniques?: boolean;
}
export interface NavigatorLayer {
  name: string;
  versions: { attack?: string; navigator: string; layer: typeof LAYER_FORMAT };
  domain: typeof LAYER_DOMAIN;
  description: string;
  sorting: 0 | 1 | 2 | 3;
  layout: {
    layout: 'side' | 'flat' | 'mini';
    showID: boolean;
    showName: boolean;
    showAggregateScores: boolean;
    countUnscored: boolean;
    aggregateFunction: 'average' | 'min' | 'max' | 'sum';
    expandedSubtechniques: 'none' | 'all' | 'annotated';
  };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: Array<{ label: string; color: string }>;
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
  metadata: LayerMetadata[];
}
