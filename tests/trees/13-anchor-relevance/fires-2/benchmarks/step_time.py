import time

import torch
import torch.nn.functional as F
import torchvision

model = torchvision.models.resnet18(num_classes=10).cuda().to(memory_format=torch.channels_last)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(512, 3, 32, 32, device="cuda")
y = torch.randint(0, 10, (512,), device="cuda")
for warmup in (True, False):
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(10 if warmup else 100):
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    if not warmup:
        print(f"{(time.perf_counter() - start) * 10:.2f} ms/step")
