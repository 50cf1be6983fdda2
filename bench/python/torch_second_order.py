"""K-FAC, APO-P and APO-LR in PyTorch, written the way kfac-pytorch (gpauloski) structures K-FAC,
with the arithmetic and defaults of apo4j's plugins (kfac-plugin, apo-plugin; apo-spec sections 2-6),
so that the bench can time PyTorch's own second-order steps next to ours.

Each class has the torch.optim interface the bench's time_steps uses (zero_grad, step) and updates
the module's parameters in place. K-FAC reads its factors from hooks; APO reads the step's batch and
an independent batch B' given at construction (the bench's fixed batches).

Shared conventions (apo4j's, see kfac-plugin KroneckerFactors/EigenBasis and apo-spec section 4):
a Kronecker layer is nn.Linear or nn.Conv2d; its gradient is viewed as an m x n' matrix
[W.view(m, -1) | b] (bias as the last column); conv inputs become im2col rows, one per
(example, output location), columns ordered (c_in, kh, kw) as F.unfold orders them.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.stateless import functional_call


class KroneckerLayer:
    """One nn.Linear or nn.Conv2d: its m x n' gradient view and, when capturing, its input and
    output-gradient taps (forward hook and a hook on the output tensor, as kfac-pytorch does)."""

    def __init__(self, module):
        self.module = module
        self.conv = isinstance(module, nn.Conv2d)
        self.has_bias = module.bias is not None
        self.outputs = module.weight.shape[0]
        self.columns = module.weight[0].numel() + (1 if self.has_bias else 0)
        self.capture = False
        self.input = self.output_grad = None
        self.handle = module.register_forward_hook(self._forward_hook)

    def _forward_hook(self, module, inputs, output):
        if self.capture and torch.is_grad_enabled() and output.requires_grad:
            self.input = inputs[0].detach()
            output.register_hook(self._save_output_grad)

    def _save_output_grad(self, grad):
        self.output_grad = grad.detach()

    def input_rows(self):
        """R x n' activations, ones column appended for the bias (conv: im2col patches)."""
        x = self.input
        if self.conv:
            m = self.module
            x = F.unfold(x, m.kernel_size, dilation=m.dilation, padding=m.padding, stride=m.stride)
            x = x.transpose(1, 2).reshape(-1, x.shape[1])
        if self.has_bias:
            x = torch.cat([x, x.new_ones(x.shape[0], 1)], dim=1)
        return x

    def gradient_rows(self):
        """R x m output gradients of the batch-mean loss (conv: rows ordered (example, y, x))."""
        g = self.output_grad
        return g.permute(0, 2, 3, 1).reshape(-1, g.shape[1]) if self.conv else g

    def matrix(self, weight, bias):
        """[W.view(m, -1) | b] for tensors shaped like the layer's weight and bias."""
        w = weight.reshape(self.outputs, -1)
        return torch.cat([w, bias.reshape(-1, 1)], dim=1) if self.has_bias else w

    def split(self, matrix):
        """The weight- and bias-shaped blocks of an m x n' matrix (bias None without one)."""
        m = self.module
        if not self.has_bias:
            return matrix.reshape(m.weight.shape), None
        return matrix[:, :-1].reshape(m.weight.shape), matrix[:, -1].reshape(m.bias.shape)

    def params(self):
        return [self.module.weight] + ([self.module.bias] if self.has_bias else [])


def kronecker_layers(module):
    return [KroneckerLayer(m) for m in module.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]


class _Stepper:
    def __init__(self, module):
        self.module = module
        self.params = [p for p in module.parameters() if p.requires_grad]

    def zero_grad(self, set_to_none=False):
        for p in self.params:
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()


class Kfac(_Stepper):
    """K-FAC as kfac-plugin's defaults compute it: running factors A = E[a a^T], G = N E[g g^T]
    (decay 0.95, identity start) every factor_interval steps, eigendecompositions every
    inverse_interval steps, eigen-form preconditioning Q_G((Q_G^T G Q_A)/(d_G d_A^T + damping))Q_A^T
    every step, the KL clip over all layers, weight decay, then SGD momentum (v <- mu v + d,
    theta <- theta - lr v); parameters outside Kronecker layers take plain SGD momentum. Empirical
    Fisher (the step's own labels). Float32 factors and decompositions, like the plugin's default."""

    def __init__(self, module, lr, momentum=0.9, weight_decay=0.0, damping=1e-3, factor_decay=0.95,
                 factor_interval=10, inverse_interval=100, kl_clip=True, kl_clip_kappa=1e-3):
        super().__init__(module)
        self.lr, self.momentum, self.weight_decay, self.damping = lr, momentum, weight_decay, damping
        self.decay, self.factor_interval, self.inverse_interval = factor_decay, factor_interval, inverse_interval
        self.kl_clip, self.kappa = kl_clip, kl_clip_kappa
        self.layers = kronecker_layers(module)
        self.steps = 0
        self.velocity = [torch.zeros_like(p) for p in self.params]
        for layer in self.layers:
            dtype = layer.module.weight.dtype
            layer.a = torch.eye(layer.columns, dtype=dtype)
            layer.g = torch.eye(layer.outputs, dtype=dtype)
            layer.qa, layer.da = torch.eye(layer.columns, dtype=dtype), torch.ones(layer.columns, dtype=dtype)
            layer.qg, layer.dg = torch.eye(layer.outputs, dtype=dtype), torch.ones(layer.outputs, dtype=dtype)
            layer.reciprocals = None
        self._arm_hooks()

    def _arm_hooks(self):
        capture = self.steps % self.factor_interval == 0
        for layer in self.layers:
            layer.capture = capture

    @torch.no_grad()
    def step(self):
        t = self.steps
        if t % self.factor_interval == 0:
            for layer in self.layers:
                a, g = layer.input_rows(), layer.gradient_rows()
                examples = layer.input.shape[0]
                # A <- decay A + (1 - decay)/R a^T a ;  G <- decay G + (1 - decay) N g^T g
                layer.a = torch.addmm(layer.a, a.t(), a, beta=self.decay, alpha=(1 - self.decay) / a.shape[0])
                layer.g = torch.addmm(layer.g, g.t(), g, beta=self.decay, alpha=(1 - self.decay) * examples)
                layer.input = layer.output_grad = None
        if t % self.inverse_interval == 0:
            for layer in self.layers:
                da, qa = torch.linalg.eigh(layer.a)
                dg, qg = torch.linalg.eigh(layer.g)
                layer.da, layer.qa = da.clamp(min=0), qa  # PSD factors: negative values are round-off
                layer.dg, layer.qg = dg.clamp(min=0), qg
                layer.reciprocals = None
        preconditioned = {}
        dot = None
        for layer in self.layers:
            if layer.reciprocals is None:
                layer.reciprocals = 1.0 / (torch.outer(layer.dg.double(), layer.da.double()) + self.damping) \
                    .to(layer.qa.dtype)
            m = layer.module
            grad = layer.matrix(m.weight.grad, m.bias.grad if layer.has_bias else None)
            rotated = torch.mm(layer.qg.t(), torch.mm(grad, layer.qa)).mul_(layer.reciprocals)
            p = torch.mm(torch.mm(layer.qg, rotated), layer.qa.t())
            term = torch.dot(p.reshape(-1), grad.reshape(-1))
            dot = term if dot is None else dot + term
            pw, pb = layer.split(p)
            preconditioned[m.weight] = pw
            if pb is not None:
                preconditioned[m.bias] = pb
        scale = self._kl_scale(float(dot) if dot is not None else 0.0)
        for p, v in zip(self.params, self.velocity):
            pre = preconditioned.get(p)
            d = p.grad if pre is None else (pre if scale == 1.0 else pre * scale)
            if self.weight_decay != 0:
                d = d.add(p, alpha=self.weight_decay)
            v.mul_(self.momentum).add_(d)
            p.add_(v, alpha=-self.lr)
        self.steps += 1
        self._arm_hooks()

    def close(self):
        """Removes the hooks (the module outlives this optimizer in the bench)."""
        for layer in self.layers:
            layer.handle.remove()

    def _kl_scale(self, dot):
        if not self.kl_clip or not dot > 0 or self.lr == 0:
            return 1.0
        scale = math.sqrt(self.kappa / (self.lr * self.lr * dot))
        return min(1.0, scale) if math.isfinite(scale) else 1.0


class _Adam:
    """apo4j's MetaOptimizer (Adam, betas 0.9/0.999, eps 1e-8, bias-corrected) on a list of tensors."""

    def __init__(self, tensors, lr):
        self.lr, self.t = lr, 0
        self.m = [torch.zeros_like(x) for x in tensors]
        self.v = [torch.zeros_like(x) for x in tensors]

    @torch.no_grad()
    def step(self, tensors, grads):
        self.t += 1
        c1, c2 = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        for x, g, m, v in zip(tensors, grads, self.m, self.v):
            m.mul_(0.9).add_(g, alpha=0.1)
            v.mul_(0.999).addcmul_(g, g, value=0.001)
            x.addcdiv_(m, (v / c2).sqrt_().add_(1e-8), value=-self.lr / c1)


class _Proximal(_Stepper):
    """What APO-P and APO-LR share: the proximal objective one step ahead,
    Q = J_B(theta') + lambda_FSD KL(f(B'; theta) || f(B'; theta')), with B and B' in one
    concatenated forward pass at theta' (as the host's ModelLookahead does for models without
    buffers), differentiated by autograd through theta'(phi)."""

    def __init__(self, module, x, target, second_x, loss_fn, lambda_fsd, interval):
        super().__init__(module)
        self.x, self.target, self.second_x, self.loss_fn = x, target, second_x, loss_fn
        self.lambda_fsd, self.interval = lambda_fsd, interval
        self.names = [n for n, p in module.named_parameters() if p.requires_grad]
        self.steps = 0

    def q(self, candidate):
        """Q at the parameters {name: tensor} (tensors may carry a graph to phi)."""
        with torch.no_grad():
            old = self.module(self.second_x)
        n = self.x.shape[0]
        out = functional_call(self.module, dict(zip(self.names, candidate)), (torch.cat([self.x, self.second_x]),))
        fsd = F.kl_div(F.log_softmax(out[n:], dim=1), F.log_softmax(old, dim=1), log_target=True,
                       reduction="batchmean")
        return self.loss_fn(out[:n], self.target) + self.lambda_fsd * fsd


class ApoP(_Proximal):
    """APO-P with apo-plugin's defaults: per Kronecker layer P(G) = B (S.*S.*(B^T G A)) A^T
    (A = I, B = I, S = 1 at start), v <- mu v + P(g), theta <- theta - eta v; every K-th step first
    a meta-step: theta' = theta - eta (mu v + P_phi(g)) with the old phi, dQ/dphi by autograd,
    one Adam step on (A, B, S); then the real step with the new phi."""

    def __init__(self, module, x, target, second_x, loss_fn, lr=0.01, momentum=0.9, lambda_fsd=1.0,
                 interval=10, meta_lr=1e-3):
        super().__init__(module, x, target, second_x, loss_fn, lambda_fsd, interval)
        self.lr, self.momentum = lr, momentum
        self.layers = kronecker_layers(module)
        self.phi = []
        for layer in self.layers:
            dtype = layer.module.weight.dtype
            layer.phi = [torch.eye(layer.columns, dtype=dtype), torch.eye(layer.outputs, dtype=dtype),
                         torch.ones(layer.outputs, layer.columns, dtype=dtype)]
            self.phi += layer.phi
        self.meta = _Adam(self.phi, meta_lr)
        self.velocity = [torch.zeros_like(p) for p in self.params]

    def _preconditioned(self, phi_of_layer):
        """{param: P(grad)} for the Kronecker layers' parameters (autograd-aware when phi requires grad)."""
        out = {}
        for layer in self.layers:
            a, b, s = phi_of_layer(layer)
            m = layer.module
            grad = layer.matrix(m.weight.grad, m.bias.grad if layer.has_bias else None)
            inner = torch.mm(b.t(), torch.mm(grad, a)) * (s * s)
            pw, pb = layer.split(torch.mm(torch.mm(b, inner), a.t()))
            out[m.weight] = pw
            if pb is not None:
                out[m.bias] = pb
        return out

    def step(self):
        if self.steps % self.interval == 0:
            leaves = [x.detach().requires_grad_() for x in self.phi]
            by_layer = {id(layer): leaves[3 * i:3 * i + 3] for i, layer in enumerate(self.layers)}
            pre = self._preconditioned(lambda layer: by_layer[id(layer)])
            candidate = [p.detach() - self.lr * (self.momentum * v + pre.get(p, p.grad))
                         for p, v in zip(self.params, self.velocity)]
            grads = torch.autograd.grad(self.q(candidate), leaves)
            self.meta.step(self.phi, grads)
        with torch.no_grad():
            pre = self._preconditioned(lambda layer: layer.phi)
            for p, v in zip(self.params, self.velocity):
                v.mul_(self.momentum).add_(pre.get(p, p.grad))
                p.add_(v, alpha=-self.lr)
        self.steps += 1


class ApoLr(_Proximal):
    """APO-LR with apo-plugin's defaults on the bench's SGD-momentum base: psi = log(eta / lr),
    d = mu v + g from the base state; every K-th step first a meta-step on psi at
    theta' = theta - lr exp(psi) d (Adam, meta lr 0.1, psi clamped to [log(1e-6/lr), log(10/lr)]);
    then v <- d, theta <- theta - eta d with the new eta."""

    def __init__(self, module, x, target, second_x, loss_fn, lr=0.01, momentum=0.9, lambda_fsd=1.0,
                 interval=10, meta_lr=0.1, eta_min=1e-6, eta_max=10.0):
        super().__init__(module, x, target, second_x, loss_fn, lambda_fsd, interval)
        self.lr, self.momentum = lr, momentum
        self.psi = torch.zeros(())
        self.bounds = (math.log(eta_min / lr), math.log(eta_max / lr))
        self.meta = _Adam([self.psi], meta_lr)
        self.velocity = [torch.zeros_like(p) for p in self.params]

    def step(self):
        with torch.no_grad():
            directions = [v.mul(self.momentum).add_(p.grad) for p, v in zip(self.params, self.velocity)]
        if self.steps % self.interval == 0:
            psi = self.psi.detach().requires_grad_()
            eta = self.lr * torch.exp(psi)
            candidate = [p.detach() - eta * d for p, d in zip(self.params, directions)]
            (grad,) = torch.autograd.grad(self.q(candidate), [psi])
            self.meta.step([self.psi], [grad])
            self.psi.clamp_(*self.bounds)
        with torch.no_grad():
            eta = self.lr * math.exp(float(self.psi))
            for p, v, d in zip(self.params, self.velocity, directions):
                v.copy_(d)
                p.add_(d, alpha=-eta)
        self.steps += 1
