import pickle

import torch


def load_network_pkl(f):
    data = pickle.Unpickler(f).load()
    for key in ("G", "D", "G_ema"):
        assert isinstance(data[key], torch.nn.Module)
    return data
