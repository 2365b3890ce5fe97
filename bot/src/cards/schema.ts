// A typed model of the Adaptive Cards 1.5 elements the bot uses (https://adaptivecards.io/explorer/).
// Only the properties we set are modelled, so a typo or an element from a later schema fails to compile.
import type { CardAction, ExecuteOf } from './actions';

/** Spacing above an element. */
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';
/** Text colour names of the host config. */
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
/** Container styles of the host config. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
/** Horizontal alignment of text or cell content. */
export type HorizontalAlignment = 'left' | 'center' | 'right';

type ElementBase = {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
};

/** A block of (markdown-processed) text; user values in `text` must go through `escapeMarkdown`. */
export type TextBlock = ElementBase & {
  type: 'TextBlock';
  text: string;
  size?: 'default' | 'small' | 'medium' | 'large' | 'extraLarge';
  weight?: 'default' | 'lighter' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  wrap?: boolean;
  maxLines?: number;
  horizontalAlignment?: HorizontalAlignment;
  style?: 'default' | 'heading';
};

/** A run of plain text inside a RichTextBlock (never markdown-processed). */
export type TextRun = {
  type: 'TextRun';
  text: string;
  weight?: 'default' | 'lighter' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  italic?: boolean;
  size?: 'default' | 'small' | 'medium' | 'large' | 'extraLarge';
};

/** A paragraph of styled text runs. */
export type RichTextBlock = ElementBase & { type: 'RichTextBlock'; inlines: TextRun[] };

/** One title/value pair of a FactSet (both markdown-processed). */
export type Fact = { title: string; value: string };

/** A two-column list of facts. */
export type FactSet = ElementBase & { type: 'FactSet'; facts: Fact[] };

/** A column of a ColumnSet. */
export type Column = {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | number | `${number}px`;
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
  spacing?: Spacing;
  style?: ContainerStyle;
};

/** Columns side by side. */
export type ColumnSet = ElementBase & {
  type: 'ColumnSet';
  columns: Column[];
  selectAction?: OpenUrlAction;
  style?: ContainerStyle;
};

/** A group of elements, optionally styled and clickable. */
export type Container = ElementBase & {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
  selectAction?: OpenUrlAction;
};

/** One cell of a Table (1.5). */
export type TableCell = { type: 'TableCell'; items: CardElement[] };
/** One row of a Table (1.5). */
export type TableRow = { type: 'TableRow'; cells: TableCell[]; style?: ContainerStyle };
/** The width and alignment of a Table column. */
export type TableColumnDefinition = {
  width?: number | `${number}px`;
  horizontalCellContentAlignment?: HorizontalAlignment;
};

/** A grid of cells (Adaptive Cards 1.5). */
export type Table = ElementBase & {
  type: 'Table';
  columns: TableColumnDefinition[];
  rows: TableRow[];
  firstRowAsHeader?: boolean;
  showGridLines?: boolean;
  gridStyle?: ContainerStyle;
};

/** Actions placed inside the body. */
export type ActionSet = ElementBase & { type: 'ActionSet'; actions: CardAction[] };

type InputBase = ElementBase & { id: string; label?: string; isRequired?: boolean; errorMessage?: string };

/** A free-text input. */
export type InputText = InputBase & {
  type: 'Input.Text';
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
  regex?: string;
  style?: 'text' | 'tel' | 'url' | 'email';
};

/** One choice of an Input.ChoiceSet. */
export type Choice = { title: string; value: string };

/** A single or multiple choice input. */
export type InputChoiceSet = InputBase & {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  value?: string;
  placeholder?: string;
  style?: 'compact' | 'expanded';
  isMultiSelect?: boolean;
};

/** A time-of-day input whose value is `HH:mm`. */
export type InputTime = InputBase & { type: 'Input.Time'; value?: string };

/** An on/off input. */
export type InputToggle = InputBase & {
  type: 'Input.Toggle';
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
};

/** Every body element the bot uses. */
export type CardElement =
  | TextBlock
  | RichTextBlock
  | FactSet
  | ColumnSet
  | Container
  | Table
  | ActionSet
  | InputText
  | InputChoiceSet
  | InputTime
  | InputToggle;

/** Opens a URL (deep links into Pivotal). */
export type OpenUrlAction = {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
  id?: string;
  tooltip?: string;
};

/** The card shown inline by an Action.ShowCard (it inherits the root's version). */
export type NestedCard = { type: 'AdaptiveCard'; body: CardElement[]; actions?: CardAction[] };

/** Universal-actions refresh: the listed users' clients fetch an up-to-date card with this action. */
export type Refresh = { action: ExecuteOf<'refresh'>; userIds: string[] };

/** The adaptive card root, pinned to schema 1.5. */
export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  fallbackText?: string;
  /** Teams extension: stretch the card to the conversation's width (tables need the room). */
  msteams?: { width: 'Full' };
};
