import torch.nn.functional as F


def kd_loss(student_logits, teacher_logits, targets, temperature: float, alpha: float):
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=1),
                    F.softmax(teacher_logits / temperature, dim=1), reduction="batchmean")
    return alpha * soft * temperature**2 + (1 - alpha) * F.cross_entropy(student_logits, targets)
