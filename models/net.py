"""MoodNet: the float network that is trained and later quantized to int8.

Plain VGG-style stack (no residuals, so the C engine needs only conv, max pool,
global average pool and fully connected).  Every conv is conv3x3/1x1 + BN + ReLU;
BN is folded into the conv at export.  Spatial sizes for a 48x48 input:

  conv1  3x3 1->32    s1  48x48   then maxpool 2x2 -> 24x24
  conv2  3x3 32->32   s1  24x24
  conv3  3x3 32->64   s2  12x12
  conv4  3x3 64->64   s1  12x12
  conv5  3x3 64->64   s1  12x12
  conv6  3x3 64->128  s2   6x6
  conv7  3x3 128->128 s1   6x6
  conv8  1x1 128->256 s1   6x6
  global average pool -> 256, dropout (training only), fc 256->7
"""
import torch
import torch.nn as nn

# (name, in_ch, out_ch, kernel, stride, maxpool_after)
CONV_SPEC = [
    ("conv1", 1, 32, 3, 1, True),
    ("conv2", 32, 32, 3, 1, False),
    ("conv3", 32, 64, 3, 2, False),
    ("conv4", 64, 64, 3, 1, False),
    ("conv5", 64, 64, 3, 1, False),
    ("conv6", 64, 128, 3, 2, False),
    ("conv7", 128, 128, 3, 1, False),
    ("conv8", 128, 256, 1, 1, False),
]
NUM_CLASSES = 7


class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, k, stride):
        super().__init__(
            nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )


class MoodNet(nn.Module):
    def __init__(self, dropout=0.4):
        super().__init__()
        layers = []
        for name, cin, cout, k, s, pool in CONV_SPEC:
            layers.append(ConvBNReLU(cin, cout, k, s))
            if pool:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(CONV_SPEC[-1][2], NUM_CLASSES)

    def forward(self, x):
        # x: float [N,1,48,48] = (pixel - 128) / 128
        x = self.features(x)
        x = x.mean(dim=(2, 3))
        return self.fc(self.dropout(x))


def count_macs(size=48):
    """Multiply-accumulates of one forward pass (convs + fc)."""
    macs, h = 0, size
    for _, cin, cout, k, s, pool in CONV_SPEC:
        h = (h + s - 1) // s
        macs += h * h * k * k * cin * cout
        if pool:
            h //= 2
    return macs + CONV_SPEC[-1][2] * NUM_CLASSES


if __name__ == "__main__":
    m = MoodNet()
    print("params", sum(p.numel() for p in m.parameters()), "MACs", count_macs())
