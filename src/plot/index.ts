/** `adaptive-lr/plot`: plotly figures and tables for the lecture, shown inline in tslab notebooks, and the HTML they become on a page. */
export type * from "./figure";
export type { ScalarField, TrajectoryInput, Window } from "./inputs";
export type { LevelOptions } from "./grid";
export { contourPlot, type SurfaceViewOptions, type ContourOptions, type PointMarks } from "./contour";
export { surfacePlot3d, type Surface3dOptions } from "./surface3d";
export {
  lossAndGradNormPlot,
  schedulePlot,
  sigmaPlot,
  type LossRun,
  type LossAndGradNormOptions,
  type ScheduleInput,
  type ScheduleOptions,
  type SigmaOptions,
  type SeriesOptions,
} from "./series";
export { eigenvaluePlot, type EigenvalueOptions } from "./eigen";
export { racePlot, type RaceOptions } from "./race";
export { linesPlot, type LineSeries, type LinesOptions, type ReferenceLine } from "./lines";
export { panelsPlot, type Panel, type PanelMarkers, type PanelsOptions } from "./panels";
export { sideBySide, type SideBySideOptions } from "./sideBySide";
export { scatterPlot, type ScatterGroup, type ScatterOptions } from "./scatter";
export { bandPlot, bandLegend, type BandGroup, type BandPlotOptions } from "./bandPlot";
export { thin, thinPath, thinIndices, DEFAULT_MAX_POINTS, type ThinnedSeries, type ThinnedPath } from "./thin";
export { figureBytes, FIGURE_BUDGET_BYTES } from "./budget";
export { escapeHtml, plotlyText, scriptJson } from "./text";
export { figureHtml, pageHtml, plotlyScriptHtml, inlineSafe, globalOnlyScript, PLOT_CLASS, PACK_FIGURES_OVER_BYTES, type FigureHtmlOptions } from "./html";
export { byDecades } from "./decades";
export { clipOverflow, OVERFLOW_FACTOR } from "./overflow";
export { withContrast, contrastRatio, legible, blend, MIN_CONTRAST } from "./contrast";
export { fitToWidth, NARROW_WIDTH } from "./narrow";
export { TRACE_TYPES, type TraceType } from "./traces";
export { show, loadPlotly, initPlots, plotlyVersion, PLOTLY_MIME } from "./show";
export { progress, type Progress, type ProgressOptions } from "./progress";
export { tableHtml, tableText, type TableCell, type TableOptions } from "./table";
// Figures with controls (the page recomputes the run): src/explore/.
export * from "../explore/index";
