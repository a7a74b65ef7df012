import torch
import torch.nn as nn


class CharLSTM(nn.Module):
    def __init__(self, vocab_size=96, hidden=512, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 64)
        self.lstm = nn.LSTM(64, hidden, layers, batch_first=True, dropout=0.2)
        self.out = nn.Linear(hidden, vocab_size)

    def forward(self, x, state=None):
        h, state = self.lstm(self.embed(x), state)
        return self.out(h), state
