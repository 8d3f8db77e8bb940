//! The document builder: page geometry, the flowing cursor, headings that
//! keep with what follows, page breaks and footers.

use super::canvas::{Anchor, Page, Stroke};
use super::fonts::{FontStyle, Warnings, sanitize};
use super::style::{self, palette};
use super::text::{Font, ellipsize, wrap};
use super::{Metadata, Paper, PdfError, mm};

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: usize,
    /// Problems the reader of the PDF should not have to discover, e.g.
    /// characters no embedded font can show (drawn as U+FFFD instead).
    pub warnings: Vec<String>,
}

/// A heading waiting for the block that follows it, so that both land on
/// the same page.
#[derive(Debug, Clone)]
struct Pending {
    lines: Vec<String>,
    font: Font,
    color: style::Rgb,
    leading: f32,
    before: f32,
    after: f32,
    rule: bool,
}

impl Pending {
    fn height(&self, at_top: bool) -> f32 {
        let before = if at_top { 0.0 } else { self.before };
        before + self.lines.len() as f32 * self.leading + self.after
    }
}

/// Builds a document block by block, top to bottom. Blocks that do not fit
/// on the current page continue on (or move to) the next one; headings never
/// end a page. Call [`DocumentBuilder::finish`] to get the PDF.
#[derive(Debug)]
pub struct DocumentBuilder {
    pub(crate) meta: Metadata,
    pub(crate) page_w: f32,
    pub(crate) page_h: f32,
    footer_text: String,
    page_label: String,
    pub(crate) pages: Vec<Page>,
    pub(crate) page: Page,
    /// Top of the free space on the current page, in points from the top.
    pub(crate) y: f32,
    pending: Vec<Pending>,
    pub(crate) warnings: Warnings,
    /// Left and right edges of a column of [`DocumentBuilder::side_by_side`], replacing the
    /// margins while it is laid out.
    frame: Option<(f32, f32)>,
}

const MARGIN_X: f32 = 20.0;
const MARGIN_TOP: f32 = 20.0;
const MARGIN_BOTTOM: f32 = 22.0;
const FOOTER_BASELINE: f32 = 12.0;

impl DocumentBuilder {
    /// Starts a document on `paper` with the given metadata. The footer of
    /// every page reads "page X of Y" on the right; see
    /// [`set_footer_text`](Self::set_footer_text) for the left side.
    pub fn new(paper: Paper, metadata: Metadata) -> DocumentBuilder {
        let (page_w, page_h) = paper.size_pt();
        DocumentBuilder {
            meta: metadata,
            page_w,
            page_h,
            footer_text: String::new(),
            page_label: "page {page} of {pages}".to_string(),
            pages: Vec::new(),
            page: Page::default(),
            y: mm(MARGIN_TOP),
            pending: Vec::new(),
            warnings: Warnings::default(),
            frame: None,
        }
    }

    /// Text on the left of every footer, e.g. the tool name and version.
    pub fn set_footer_text(&mut self, text: &str) {
        self.footer_text = self.clean(text, FontStyle::Regular);
    }

    /// The page number template on the right of every footer; `{page}` and
    /// `{pages}` are replaced. Default: `"page {page} of {pages}"`.
    pub fn set_page_label(&mut self, template: &str) {
        self.page_label = self.clean(template, FontStyle::Regular);
    }

    /// Warnings so far (also returned by [`finish`](Self::finish)).
    pub fn warnings(&self) -> &[String] {
        &self.warnings.list
    }

    /// Width of the text area in millimetres.
    pub fn content_width_mm(&self) -> f32 {
        self.width() * 25.4 / 72.0
    }

    /// A heading of `level` 1 (largest) to 3; higher levels are drawn as 3.
    /// It is kept on the same page as the start of the next block.
    pub fn heading(&mut self, text: &str, level: u8) {
        let (font, color, leading, before, after, rule) = match level {
            0 | 1 => (Font::bold(15.0), palette::NAVY, 19.0, 14.0, 8.0, true),
            2 => (Font::bold(12.0), palette::NAVY, 15.5, 10.0, 4.0, false),
            _ => (Font::bold(10.0), palette::INK, 13.5, 6.0, 2.0, false),
        };
        let text = self.clean(text, FontStyle::Bold);
        let lines = wrap(&text, font, self.width());
        self.pending.push(Pending {
            lines,
            font,
            color,
            leading,
            before,
            after,
            rule,
        });
    }

    /// Vertical space of `mm` millimetres (a page break if it reaches the
    /// bottom margin).
    pub fn spacer(&mut self, mm_: f32) {
        self.flush_pending();
        self.y += mm(mm_.max(0.0));
        if self.y >= self.bottom() {
            self.new_page();
        }
    }

    /// Starts a new page (nothing happens on an empty page).
    pub fn page_break(&mut self) {
        self.flush_pending();
        if !self.page.is_empty() {
            self.new_page();
        }
    }

    /// Starts a new page unless at least `mm` millimetres remain, so the
    /// next blocks stay together.
    pub fn ensure_space(&mut self, mm_: f32) {
        self.reserve(mm(mm_));
    }

    /// Lays out `blocks` on one page: if they start on this page and reach the next, they are
    /// taken back and laid out again from the top of a new page. Blocks taller than a page
    /// still break. `blocks` may run twice, so it must draw the same thing each time.
    pub fn keep_together(&mut self, blocks: impl Fn(&mut DocumentBuilder)) {
        let (pages, page, y, pending) = (
            self.pages.len(),
            self.page.clone(),
            self.y,
            self.pending.clone(),
        );
        let was_top = self.at_top();
        blocks(self);
        if self.pages.len() == pages || was_top {
            return;
        }
        // Pending headings are restored and move with the blocks. Warnings need no rollback:
        // the second run meets the same characters.
        self.pages.truncate(pages);
        (self.page, self.y, self.pending) = (page, y, pending);
        self.new_page();
        blocks(self);
    }

    /// The number of the page being laid out, from 1.
    pub fn page_number(&self) -> usize {
        self.pages.len() + 1
    }

    /// The number of pages [`finish`](Self::finish) would write now: every page laid out so
    /// far, the current one if anything is on it (or if it is the only one).
    pub fn page_count(&self) -> usize {
        let current = !self.page.is_empty() || !self.pending.is_empty() || self.pages.is_empty();
        self.pages.len() + usize::from(current)
    }

    /// Two columns side by side, e.g. a bar chart beside a radar chart: `left` lays out
    /// blocks in the left `share` (0.2 to 0.8) of the text width, `right` in the rest, 6 mm
    /// apart, both from the cursor; the flow continues below the taller column. A new page
    /// is started first unless `min_height_mm` remains. A column that breaks the page
    /// anyway pushes the other below it, so nothing overlaps.
    pub fn side_by_side(
        &mut self,
        share: f32,
        min_height_mm: f32,
        left: impl FnOnce(&mut DocumentBuilder),
        right: impl FnOnce(&mut DocumentBuilder),
    ) {
        self.reserve(mm(min_height_mm.max(0.0)));
        let (l0, r0) = (self.left(), self.right());
        let outer = self.frame;
        let gap = mm(6.0);
        let split = l0 + (r0 - l0 - gap) * share.clamp(0.2, 0.8);
        let (y0, pages0) = (self.y, self.pages.len());
        self.frame = Some((l0, split));
        left(self);
        self.flush_pending();
        let left_end = (self.pages.len() == pages0).then_some(self.y);
        if left_end.is_some() {
            self.y = y0;
        }
        self.frame = Some((split + gap, r0));
        right(self);
        self.flush_pending();
        self.frame = outer;
        if let Some(end) = left_end
            && self.pages.len() == pages0
        {
            self.y = self.y.max(end);
        }
    }

    /// Lays out the footers and writes the PDF.
    pub fn finish(mut self) -> Result<RenderedPdf, PdfError> {
        self.flush_pending();
        let last = std::mem::take(&mut self.page);
        if !last.is_empty() || self.pages.is_empty() {
            self.pages.push(last);
        }
        let total = self.pages.len();
        let small = Font::regular(style::TINY);
        let (left, right) = (self.left(), self.right());
        let base = self.page_h - mm(FOOTER_BASELINE);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let label = self
                .page_label
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &total.to_string());
            page.line(
                left,
                base - 9.0,
                right,
                base - 9.0,
                Stroke::solid(palette::RULE, 0.5),
            );
            let room = right - left - small.width(&label) - 12.0;
            let footer = ellipsize(&self.footer_text, small, room.max(0.0));
            page.text(left, base, Anchor::Left, small, palette::MUTED, &footer);
            page.text(right, base, Anchor::Right, small, palette::MUTED, &label);
        }
        let bytes = super::output::write(&self.meta, self.page_w, self.page_h, &self.pages)?;
        Ok(RenderedPdf {
            bytes,
            page_count: total,
            warnings: self.warnings.list,
        })
    }

    // ---- geometry and flow, shared by the blocks ----

    pub(crate) fn left(&self) -> f32 {
        self.frame.map_or(mm(MARGIN_X), |f| f.0)
    }

    pub(crate) fn right(&self) -> f32 {
        self.frame.map_or(self.page_w - mm(MARGIN_X), |f| f.1)
    }

    pub(crate) fn width(&self) -> f32 {
        self.right() - self.left()
    }

    pub(crate) fn top(&self) -> f32 {
        mm(MARGIN_TOP)
    }

    pub(crate) fn bottom(&self) -> f32 {
        self.page_h - mm(MARGIN_BOTTOM)
    }

    /// Height of the text area of an empty page.
    pub(crate) fn body_height(&self) -> f32 {
        self.bottom() - self.top()
    }

    pub(crate) fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    pub(crate) fn at_top(&self) -> bool {
        self.y <= self.top() + 0.01
    }

    /// Sanitises caller text for `style`, recording warnings.
    pub(crate) fn clean(&mut self, text: &str, style: FontStyle) -> String {
        sanitize(text, style, &mut self.warnings)
    }

    /// Sanitises caller text and shortens it to one line of at most `max`
    /// points, for labels that must not wrap.
    pub(crate) fn clean_fit(&mut self, text: &str, font: Font, max: f32) -> String {
        let text = self.clean(text, font.style);
        ellipsize(&text, font, max)
    }

    pub(crate) fn new_page(&mut self) {
        let done = std::mem::take(&mut self.page);
        self.pages.push(done);
        self.y = self.top();
    }

    /// Makes room for the first `first` points of a block together with any
    /// pending headings: breaks the page first if they do not fit (unless
    /// already at the top), then draws the headings.
    pub(crate) fn reserve(&mut self, first: f32) {
        let headings: f32 = self
            .pending
            .iter()
            .enumerate()
            .map(|(i, p)| p.height(i == 0 && self.at_top()))
            .sum();
        if headings + first > self.remaining() && !self.at_top() {
            self.new_page();
        }
        self.flush_pending();
    }

    /// Draws pending headings where the cursor is.
    fn flush_pending(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            if !self.at_top() {
                self.y += p.before;
            }
            for line in &p.lines {
                let base = style::centred_baseline(self.y, p.leading, p.font.size);
                let x = self.left();
                self.page.text(x, base, Anchor::Left, p.font, p.color, line);
                self.y += p.leading;
            }
            if p.rule {
                let (l, r, y) = (self.left(), self.right(), self.y + 2.0);
                self.page
                    .line(l, y, r, y, Stroke::solid(palette::NAVY, 0.8));
            }
            self.y += p.after;
        }
    }
}
