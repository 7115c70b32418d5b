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
MOODNET1 = [
    ("conv1", 1, 32, 3, 1, True),
    ("conv2", 32, 32, 3, 1, False),
    ("conv3", 32, 64, 3, 2, False),
    ("conv4", 64, 64, 3, 1, False),
    ("conv5", 64, 64, 3, 1, False),
    ("conv6", 64, 128, 3, 2, False),
    ("conv7", 128, 128, 3, 1, False),
    ("conv8", 128, 256, 1, 1, False),
]
# MoodNet 2: one 12x12 conv fewer, the MACs moved to a wider 6x6 stage and a 3x3 stage
# where parameters are cheap in MACs (0.87 M parameters, 29.1 M MACs per pass).
MOODNET2 = [
    ("conv1", 1, 32, 3, 1, True),
    ("conv2", 32, 32, 3, 1, False),
    ("conv3", 32, 64, 3, 2, False),
    ("conv4", 64, 64, 3, 1, False),
    ("conv5", 64, 128, 3, 2, False),
    ("conv6", 128, 192, 3, 1, False),
    ("conv7", 192, 256, 3, 2, False),
    ("conv8", 256, 256, 1, 1, False),
]
ARCHS = {"moodnet": MOODNET1, "moodnet2": MOODNET2}
DEFAULT_ARCH = "moodnet2"
CONV_SPEC = ARCHS[DEFAULT_ARCH]
NUM_CLASSES = 7


class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, k, stride):
        super().__init__(
            nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )


class MoodNet(nn.Module):
    def __init__(self, arch=DEFAULT_ARCH, dropout=0.4):
        super().__init__()
        self.arch = arch
        self.spec = spec = ARCHS[arch]
        layers = []
        for name, cin, cout, k, s, pool in spec:
            layers.append(ConvBNReLU(cin, cout, k, s))
            if pool:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(spec[-1][2], NUM_CLASSES)

    def forward(self, x):
        # x: float [N,1,48,48] = (pixel - 128) / 128
        x = self.features(x)
        x = x.mean(dim=(2, 3))
        return self.fc(self.dropout(x))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = nn.Sequential()
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.body(x) + self.skip(x))


class ResNetTeacher(nn.Module):
    """ResNet18 for 48x48 grey faces, used only as a distillation teacher (never exported:
    the C engine has no residual layers).  A 3x3 stem at 48x48 and a max pool, then the
    four ResNet18 stages at 24, 12, 6 and 3 pixels: 11.2 M parameters, 0.31 G MACs."""

    def __init__(self, width=64, dropout=0.2):
        super().__init__()
        self.arch = "resnet18"
        w = [width, width * 2, width * 4, width * 8]
        layers = [nn.Conv2d(1, w[0], 3, 1, 1, bias=False), nn.BatchNorm2d(w[0]),
                  nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        cin = w[0]
        for i, c in enumerate(w):
            layers += [BasicBlock(cin, c, 1 if i == 0 else 2), BasicBlock(c, c, 1)]
            cin = c
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(cin, NUM_CLASSES)

    def forward(self, x):
        x = self.features(x).mean(dim=(2, 3))
        return self.fc(self.dropout(x))


TEACHERS = {"resnet18": ResNetTeacher}


def build(arch):
    """The network named `arch`: a MoodNet (exportable) or a teacher (training only)."""
    if arch in TEACHERS:
        return TEACHERS[arch]()
    return MoodNet(arch)


def count_macs(arch=DEFAULT_ARCH, size=48):
    """Multiply-accumulates of one forward pass (convs + fc)."""
    spec = ARCHS[arch]
    macs, h = 0, size
    for _, cin, cout, k, s, pool in spec:
        h = (h + s - 1) // s
        macs += h * h * k * k * cin * cout
        if pool:
            h //= 2
    return macs + spec[-1][2] * NUM_CLASSES


if __name__ == "__main__":
    for a in list(ARCHS) + list(TEACHERS):
        m = build(a)
        print(a, "params", sum(p.numel() for p in m.parameters()),
              "MACs", count_macs(a) if a in ARCHS else "-")
