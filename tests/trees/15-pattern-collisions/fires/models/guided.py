import torch
import torch.nn as nn

from .base import BaseModel


def conv_bn_relu(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class GuidedNet(BaseModel):
    def __init__(self, width: int = 32):
        super().__init__()
        self.rgb = nn.Sequential(conv_bn_relu(3, width), conv_bn_relu(width, width * 2, 2))
        self.depth = nn.Sequential(conv_bn_relu(1, width), conv_bn_relu(width, width * 2, 2))
        self.fuse = conv_bn_relu(width * 4, width * 2)
        self.up = nn.ConvTranspose2d(width * 2, width, 4, 2, 1)
        self.out = nn.Conv2d(width, 1, 3, 1, 1)

    def forward(self, rgb, sparse):
        x = self.fuse(torch.cat([self.rgb(rgb), self.depth(sparse)], dim=1))
        return torch.relu(self.out(self.up(x)))
