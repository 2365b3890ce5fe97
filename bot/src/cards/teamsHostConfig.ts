// A host config close to Teams' light theme, for rendering the cards outside Teams (the docs' screenshots and the
// local emulator). Teams applies its own; this only has to make previews look like it.
const text = (defaultColor: string, subtleColor: string) => ({ default: defaultColor, subtle: subtleColor });

const FOREGROUND = {
  default: text('#242424', '#616161'),
  dark: text('#242424', '#616161'),
  light: text('#FFFFFF', '#F5F5F5'),
  accent: text('#5B5FC7', '#444791'),
  good: text('#0E700E', '#107C10'),
  warning: text('#8A3707', '#835B00'),
  attention: text('#C4314B', '#A4262C'),
};

/** Teams-like light host config (Segoe UI, Teams' purple accent and status colours, 1.5 features on). */
export const TEAMS_LIGHT_HOST_CONFIG = {
  hostCapabilities: { capabilities: null },
  choiceSetInputValueSeparator: ',',
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, 'Liberation Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: FOREGROUND },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: FOREGROUND },
    accent: { backgroundColor: '#E8EBFA', foregroundColors: FOREGROUND },
    good: { backgroundColor: '#F1FAF1', foregroundColors: FOREGROUND },
    attention: { backgroundColor: '#FDF3F4', foregroundColors: FOREGROUND },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: FOREGROUND },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    allowTitleToWrap: false,
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: true, weight: 'default', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
  textStyles: {
    heading: { size: 'large', weight: 'bolder', color: 'default', isSubtle: false, fontType: 'default' },
    columnHeader: { size: 'default', weight: 'bolder', color: 'default', isSubtle: false, fontType: 'default' },
  },
  inputs: {
    label: {
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', color: 'attention' },
  },
  table: { cellSpacing: 8 },
} as const;
