//! The production ingredients mlready judges (the spec is
//! `reference/ingredients.md`; these ids are the contract of every output).

use std::fmt;

/// One production ingredient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ingredient {
    /// Someone answers for the ML code.
    Owners,
    /// Someone watches the model and its data once it serves.
    Monitoring,
    /// The training data can be found again, at the version used.
    DataVersioning,
    /// The metrics and thresholds that mean "good enough" are written down.
    Metrics,
    /// Data and trained models are checked before they ship.
    Validation,
    /// Runtime dependencies are pinned.
    Dependencies,
    /// Training sets its random seeds.
    Reproducibility,
    /// A CI configuration runs checks.
    Ci,
    /// A model card or datasheet documents the model.
    ModelCard,
}

impl Ingredient {
    /// Every ingredient, the five of the mission first.
    pub const ALL: [Ingredient; 9] = [
        Ingredient::Owners,
        Ingredient::Monitoring,
        Ingredient::DataVersioning,
        Ingredient::Metrics,
        Ingredient::Validation,
        Ingredient::Dependencies,
        Ingredient::Reproducibility,
        Ingredient::Ci,
        Ingredient::ModelCard,
    ];

    /// The stable id used in configs and outputs.
    pub fn id(self) -> &'static str {
        match self {
            Ingredient::Owners => "owners",
            Ingredient::Monitoring => "monitoring",
            Ingredient::DataVersioning => "data-versioning",
            Ingredient::Metrics => "metrics",
            Ingredient::Validation => "validation",
            Ingredient::Dependencies => "dependencies",
            Ingredient::Reproducibility => "reproducibility",
            Ingredient::Ci => "ci",
            Ingredient::ModelCard => "model-card",
        }
    }

    /// The ingredient with this id.
    pub fn from_id(id: &str) -> Option<Ingredient> {
        Ingredient::ALL.into_iter().find(|i| i.id() == id)
    }

    /// Whether this is one of the five ingredients the mission names.
    pub fn is_core(self) -> bool {
        matches!(
            self,
            Ingredient::Owners
                | Ingredient::Monitoring
                | Ingredient::DataVersioning
                | Ingredient::Metrics
                | Ingredient::Validation
        )
    }

    /// What the ingredient means, in one line.
    pub fn question(self) -> &'static str {
        match self {
            Ingredient::Owners => "Who answers for the model and its code?",
            Ingredient::Monitoring => "Who notices when the served model or its data goes wrong?",
            Ingredient::DataVersioning => "Can the exact training data be found again?",
            Ingredient::Metrics => "Which metric and threshold mean \"good enough\"?",
            Ingredient::Validation => "What checks new data or a new model before it ships?",
            Ingredient::Dependencies => "Will the same environment install tomorrow?",
            Ingredient::Reproducibility => "Does training give the same model twice?",
            Ingredient::Ci => "Do the checks run on every change?",
            Ingredient::ModelCard => "Is the model documented for its users?",
        }
    }
}

impl fmt::Display for Ingredient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
