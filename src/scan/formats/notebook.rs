//! Jupyter notebooks: code cells read as code, Markdown cells as prose,
//! outputs ignored, and every character mapped back to the `.ipynb` file.

use crate::scan::formats::json;

/// One kind of cell of a notebook, concatenated into one searchable text.
#[derive(Debug, Clone, Default)]
pub struct CellView {
    /// The cells' sources, each ending with a newline, in notebook order.
    pub text: String,
    /// For every byte of `text` (and one past the end), its offset in the `.ipynb` file.
    pub map: Vec<u32>,
    /// Where each cell starts in `text`: (view offset, 0-based cell index in the notebook).
    pub cells: Vec<(usize, usize)>,
}

/// A notebook split into its code and Markdown cells.
#[derive(Debug, Clone, Default)]
pub struct Notebook {
    /// Code cells (Python, by the notebook's usual kernel).
    pub code: CellView,
    /// Markdown cells.
    pub prose: CellView,
}

/// Where a byte of a [`CellView`] is in terms of the notebook's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPosition {
    /// 0-based index of the cell in the notebook.
    pub cell: usize,
    /// View offset where that cell's source starts.
    pub cell_start: usize,
}

impl CellView {
    /// Offset in the `.ipynb` file of view offset `at`.
    pub fn file_offset(&self, at: usize) -> usize {
        self.map.get(at).or(self.map.last()).copied().unwrap_or(0) as usize
    }

    /// The cell that contains view offset `at`.
    pub fn cell_at(&self, at: usize) -> Option<CellPosition> {
        let idx = self.cells.partition_point(|(start, _)| *start <= at);
        let (cell_start, cell) = *self.cells.get(idx.checked_sub(1)?)?;
        Some(CellPosition { cell, cell_start })
    }

    /// The source text of the cell that starts at view offset `cell_start`.
    pub fn cell_source(&self, cell_start: usize) -> &str {
        let idx = self.cells.partition_point(|(start, _)| *start <= cell_start);
        let end = self.cells.get(idx).map_or(self.text.len(), |(s, _)| *s);
        &self.text[cell_start..end]
    }

    fn push_cell(&mut self, index: usize, file_text: &str, pieces: &[std::ops::Range<usize>]) {
        let start = self.text.len();
        self.cells.push((start, index));
        let mut last_file_offset = pieces.first().map_or(0, |r| r.start);
        for span in pieces {
            let (decoded, map) = json::decode_string_with_offsets(file_text, span.clone());
            self.text.push_str(&decoded);
            self.map.extend_from_slice(&map[..decoded.len()]);
            last_file_offset = *map.last().unwrap_or(&(span.end as u32)) as usize;
        }
        if !self.text.ends_with('\n') {
            self.text.push('\n');
            self.map.push(last_file_offset as u32);
        }
    }

    fn finish(&mut self) {
        let end = self.map.last().copied().unwrap_or(0);
        self.map.push(end);
    }
}

/// Read a notebook (nbformat 4). Returns `None` when the JSON is not a notebook.
pub fn parse(text: &str) -> Option<Notebook> {
    let cells = json::notebook_cells(text)?;
    let mut notebook = Notebook::default();
    for (index, (kind, pieces)) in cells.iter().enumerate() {
        match kind.as_str() {
            "code" => notebook.code.push_cell(index, text, pieces),
            "markdown" => notebook.prose.push_cell(index, text, pieces),
            _ => {}
        }
    }
    notebook.code.finish();
    notebook.prose.finish();
    Some(notebook)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Results\n",
    "Accuracy 0.91"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [{"output_type": "stream", "text": ["import evidently\n"]}],
   "source": [
    "import torch\n",
    "torch.manual_seed(\"4\\\"2\")"
   ]
  },
  {"cell_type": "code", "source": "x = 1\ny = 2", "metadata": {}}
 ],
 "nbformat": 4
}"##;

    #[test]
    fn code_and_prose_are_split_and_outputs_ignored() {
        let nb = parse(NB).unwrap();
        assert_eq!(nb.code.text, "import torch\ntorch.manual_seed(\"4\\\"2\")\nx = 1\ny = 2\n");
        assert!(!nb.code.text.contains("evidently"));
        assert_eq!(nb.prose.text, "# Results\nAccuracy 0.91\n");
        assert_eq!(nb.code.map.len(), nb.code.text.len() + 1);
    }

    #[test]
    fn offsets_map_back_to_the_file_and_cells() {
        let nb = parse(NB).unwrap();
        let at = nb.code.text.find("manual_seed").unwrap();
        let file_at = nb.code.file_offset(at);
        assert_eq!(&NB[file_at..file_at + 11], "manual_seed");
        let pos = nb.code.cell_at(at).unwrap();
        assert_eq!(pos.cell, 1);
        assert_eq!(pos.cell_start, 0);
        let y = nb.code.text.find("y = 2").unwrap();
        let pos = nb.code.cell_at(y).unwrap();
        assert_eq!(pos.cell, 2);
        assert_eq!(nb.code.cell_source(pos.cell_start), "x = 1\ny = 2\n");
        assert_eq!(&NB[nb.code.file_offset(y)..nb.code.file_offset(y) + 5], "y = 2");
    }

    #[test]
    fn non_notebooks_are_none() {
        assert!(parse("[1,2]").is_none());
        assert!(parse("{\"cells\": 3}").is_none());
        assert!(parse("not json").is_none());
    }
}
