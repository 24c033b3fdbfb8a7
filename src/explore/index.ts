/** Figures with controls: the reader turns η, α, β and the page recomputes the run. */
export { explorable, type ExplorableFigure, type ExplorableOptions } from "./explorable";
export { KIT_NAMES, type Kit, type KitName } from "./kit";
export {
  EXPLORE_MAX_POINTS, type ControlSpec, type ControlValue, type ExploreKit, type ExploreHelpers, type ExploreResult,
  type ExploreSpec, type TraceUpdate,
} from "./recompute";
export { explorableHtml, exploreScriptHtml } from "./html";
