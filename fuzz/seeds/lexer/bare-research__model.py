import torch
import torch.nn as nn


class LSTMClassifier(nn.Module):
    """Bidirectional LSTM over token embeddings, mean-pooled, then a linear head."""

    def __init__(self, vocab_size, embedding_dim=256, hidden_size=256, num_layers=2, num_classes=3, dropout=0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self.lstm = nn.LSTM(
            embedding_dim,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            bidirectional=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden_size, num_classes)

    def forward(self, input_ids, attention_mask):
        embedded = self.dropout(self.embedding(input_ids))
        outputs, _ = self.lstm(embedded)
        mask = attention_mask.unsqueeze(-1).float()
        pooled = (outputs * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
