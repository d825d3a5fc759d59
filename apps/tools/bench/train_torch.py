#!/usr/bin/env python3
"""The NIID-Bench simple CNN's local-training loop in PyTorch, for `npm run bench -- train`.

Model and optimiser as in NIID-Bench (Li, Diao, Chen, He, "Federated Learning on
Non-IID Data Silos: An Experimental Study", ICDE 2022): conv 6@5x5 -> maxpool 2 ->
conv 16@5x5 -> maxpool 2 -> fc 120 -> fc 84 -> fc 10, ReLU, cross-entropy; SGD with
lr 0.01, momentum 0.9, weight decay 1e-5, a fresh optimiser per run. The data are
seeded uniform [0, 1) images with random labels (throughput does not depend on them),
drawn once; each epoch shuffles them and trains in batches.

Prints ONE JSON line:
  {"samplesPerSecond", "seconds", "examples", "epochs", "batch", "threads", "torch",
   "parameters", "convMs": {"conv1", "conv2"}}
where convMs is the median time of one forward + backward of each conv layer alone at
the batch size (input and weight gradients), the backend's own cost.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def train(model, x, y, batch, epochs, gen):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-5)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return float(loss)


def conv_ms(conv, shape, repeats, gen):
    x = torch.rand(shape, generator=gen, requires_grad=True)
    times = []
    for i in range(repeats + 2):
        t0 = time.perf_counter()
        out = conv(x)
        out.sum().backward()
        dt = time.perf_counter() - t0
        if i >= 2:
            times.append(dt * 1000)
        x.grad = None
        conv.zero_grad()
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--examples', type=int, default=4096)
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--conv-repeats', type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    torch.manual_seed(a.seed)
    x = torch.rand((a.examples, 1, 28, 28), generator=gen)
    y = torch.randint(0, 10, (a.examples,), generator=gen)
    model = SimpleCNN()
    params = sum(t.numel() for t in model.parameters())
    train(model, x[: a.batch * 4], y[: a.batch * 4], a.batch, 1, gen)  # warm-up
    t0 = time.perf_counter()
    train(model, x, y, a.batch, a.epochs, gen)
    seconds = time.perf_counter() - t0
    conv = {
        'conv1': conv_ms(model.conv1, (a.batch, 1, 28, 28), a.conv_repeats, gen),
        'conv2': conv_ms(model.conv2, (a.batch, 6, 12, 12), a.conv_repeats, gen),
    }
    print(json.dumps({
        'samplesPerSecond': a.examples * a.epochs / seconds,
        'seconds': seconds,
        'examples': a.examples,
        'epochs': a.epochs,
        'batch': a.batch,
        'threads': torch.get_num_threads(),
        'torch': torch.__version__,
        'parameters': params,
        'convMs': conv,
    }))


if __name__ == '__main__':
    main()
