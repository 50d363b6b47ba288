"""The self-checks' messages in Chinese: ``{English template: Chinese template}``, with the same blanks.

``checks._t`` uses these when ``COURSE_LANGUAGE=zh``, which the first cell of every Chinese notebook sets.
A new message in ``checks`` needs its line here; ``tests/test_translation.py`` fails until it has one.
"""

ZH_MESSAGES = {
    # any check: an unfinished exercise
    "pass your function itself (e.g. check(my_fn)), got {kind}":
        "请传入函数本身（例如 check(my_fn)），而不是 {kind}",
    "your function did not finish within {limit:g} s on a few small inputs: is there a loop that never ends?":
        "你的函数在几个很小的输入上 {limit:g} 秒内都没有结束：是不是有一个永远不会停下的循环？",
    "your function raised {kind}: {error}":
        "你的函数抛出了 {kind}：{error}",
    "your function returned None: is its `return` line missing, or still the exercise's placeholder?":
        "你的函数返回了 None：是不是缺了 `return` 这一行，或者还保留着练习里的占位代码？",
    # 01
    "expected {n} values (one per component), got {got}":
        "应当有 {n} 个值（每个主成分一个），实际得到 {got} 个",
    "these are the per-component ratios: add them up with .cumsum()":
        "这是每个主成分各自的比例：请用 .cumsum() 把它们累加起来",
    "a cumulative fraction can never go down: did you sort or shuffle it?":
        "累计比例不可能下降：你是不是对它排序或打乱了顺序？",
    "the values differ from pca.explained_variance_ratio_.cumsum()":
        "这些值与 pca.explained_variance_ratio_.cumsum() 不一致",
    "right: {n} components explain {share:.1%} of the variance":
        "正确：{n} 个主成分解释了 {share:.1%} 的方差",
    # 02
    "you averaged over the pixels too (that is F.mse_loss): the squared norm ||x_i - x̂_i||² sums over each "
    "image's 784 pixels":
        "你把像素也平均了（那就是 F.mse_loss）：范数的平方 ||x_i - x̂_i||² 要对每张图像的 784 个像素求和",
    "you summed over the images too: divide by n, the number of images":
        "你把图像也加在了一起：还要除以图像的个数 n",
    "||x_i - x̂_i||² is the *squared* norm: square it before averaging":
        "||x_i - x̂_i||² 是范数的平方：先平方，再求平均",
    "square each pixel's difference before summing, not the sum":
        "应当先把每个像素的差平方再求和，而不是对和求平方",
    "the loss must be one number, got a tensor of shape {shape}":
        "损失必须是一个数，实际得到形状为 {shape} 的张量",
    "right: L = {loss:.2f}, which is 784 × F.mse_loss = 784 × {mse:.4f}":
        "正确：L = {loss:.2f}，也就是 784 × F.mse_loss = 784 × {mse:.4f}",
    "expected {want:.4f} on a test pair, got {got:.4f}":
        "在一对测试数据上应得到 {want:.4f}，实际为 {got:.4f}",
    # 03
    "false_positive_rate must be in (0, 1), got {rate}":
        "false_positive_rate 必须在 (0, 1) 之间，实际为 {rate}",
    "right: it flags {flagged:.1%} of normal images (asked: {rate:.1%})":
        "正确：它标记了 {flagged:.1%} 的正常图像（要求：{rate:.1%}）",
    "it flags {flagged:.1%}: take the {percentile:g}th percentile, np.quantile(calibration_scores, {q:g}), "
    "not the {rate:g} quantile":
        "它标记了 {flagged:.1%}：应取第 {percentile:g} 百分位数，即 np.quantile(calibration_scores, {q:g})，"
        "而不是 {rate:g} 分位数",
    "it flags {flagged:.1%} of normal images, not {rate:.1%}: take np.quantile(calibration_scores, 1 - false_positive_rate)":
        "它标记了 {flagged:.1%} 的正常图像，而不是 {rate:.1%}：请取 np.quantile(calibration_scores, 1 - false_positive_rate)",
    "the threshold must be one number (a score), got {kind}":
        "阈值必须是一个数（一个分数），你给的是 {kind}",
    "the threshold is {value}: a detector needs a finite score to compare with":
        "阈值是 {value}：检测器需要一个有限的分数来作比较",
    "it flags none of the normal images: at or above the largest score it is no detector. Take "
    "np.quantile(calibration_scores, 1 - false_positive_rate)":
        "它一个正常图像也不标记：阈值不低于最大的分数时，它就不是检测器了。请取 "
        "np.quantile(calibration_scores, 1 - false_positive_rate)",
    "it flags every normal image: below the smallest score. Take np.quantile(calibration_scores, 1 - false_positive_rate)":
        "它把每个正常图像都标记了：阈值低于最小的分数。请取 np.quantile(calibration_scores, 1 - false_positive_rate)",
    "expected an array of {n} numbers, got {kind}":
        "应得到一个含 {n} 个数的数组，你给的是 {kind}",
    "some values are NaN or infinite: a fraction of variance is a number in [0, 1]":
        "有些值是 NaN 或无穷大：方差所占的比例是 [0, 1] 之间的数",
    "that is the fraction *not* explained (1 - the curve): the curve rises to the explained share":
        "这是*未被*解释的比例（1 减去曲线）：曲线应上升到被解释的比例",
    "these are variances, not fractions: use explained_variance_ratio_":
        "这些是方差本身，而不是比例：请用 explained_variance_ratio_",
    "the sign is wrong: a squared error is never negative":
        "符号反了：平方误差永远不会是负数",
    # 04
    "right value, but not finite for confident logits: use F.binary_cross_entropy_with_logits instead of "
    "log(sigmoid(...))":
        "数值正确，但 logit 绝对值很大（判别器非常自信）时结果会变成 inf：请改用 "
        "F.binary_cross_entropy_with_logits，不要用 log(sigmoid(...))",
    "right: -V(D, G) = {value:.4f}, and stable for confident logits":
        "正确：-V(D, G) = {value:.4f}，而且 logit 绝对值很大时也数值稳定",
    "that is V(D, G) itself: D maximises V, so its loss to minimise is -V":
        "这是 V(D, G) 本身：判别器要最大化 V，所以它要最小化的损失是 -V",
    "real and fake targets are swapped: real samples get target 1, fakes target 0":
        "真假样本的目标值弄反了：真实样本的目标是 1，生成样本的目标是 0",
    "the inputs are logits: apply the sigmoid (or use the *_with_logits loss)":
        "输入是 logits：先做 sigmoid（或者使用 *_with_logits 版本的损失）",
    "expected {want:.4f} on a test batch, got {got:.4f}":
        "在一批测试数据上应得到 {want:.4f}，实际为 {got:.4f}",
    "your function returned None: return the tensor of D* values":
        "你的函数返回了 None：请返回由 D* 值组成的张量",
    "expected a tensor of 50 values, got {kind}":
        "应当返回含 50 个值的张量，实际得到 {kind}",
    "expected one value per point, shape {want}, got {got}":
        "每个点应当对应一个值，形状为 {want}，实际为 {got}",
    "right: D* = p_data / (p_data + p_g), which is 1/2 wherever p_g = p_data":
        "正确：D* = p_data / (p_data + p_g)，在 p_g = p_data 的地方它等于 1/2",
    "that is 1 - D*: D says how likely a point is to be *real*, so p_data goes on top":
        "这是 1 - D*：D 给出的是一个点为“真实”数据的概率，所以 p_data 应该在分子上",
    "a ratio of densities is not a probability: divide by p_data + p_g":
        "密度之比不是概率：请除以 p_data + p_g",
    "1/2 is D* only where p_g = p_data; in general it depends on both":
        "只有在 p_g = p_data 的地方 D* 才等于 1/2；一般情况下它同时取决于两者",
    "the values differ from p_data / (p_data + p_g): maximise p_data log D + p_g log(1 - D) over D at each point":
        "这些值与 p_data / (p_data + p_g) 不一致：在每个点上对 D 最大化 p_data log D + p_g log(1 - D)",
    # 05
    "identical uniform predictions must score 1, yours gave {got:.3f}":
        "完全相同的均匀预测得分必须是 1，你的结果是 {got:.3f}",
    "right: score {score:.3f} (the maximum, 10, needs confident and varied classes)":
        "正确：得分 {score:.3f}（要达到最大值 10，类别既要确定又要多样）",
    "that is the mean KL: the score is its exponential":
        "这是 KL 的平均值：得分是它的指数",
    "the KL is the wrong way round: KL(p(y|x) || p(y)) weights by p(y|x)":
        "KL 的方向反了：KL(p(y|x) || p(y)) 以 p(y|x) 加权",
    "average the KL first, then take exp (you averaged exp(KL))":
        "先对 KL 求平均，再取 exp（你求的是 exp(KL) 的平均）",
    "expected {want:.3f} on a test batch, got {got:.3f}":
        "在一批测试数据上应得到 {want:.3f}，实际为 {got:.3f}",
    # 06
    "expected a code of shape {want}, got {got}":
        "应当返回形状为 {want} 的编码，实际为 {got}",
    "that is the straight line (lerp): slerp follows the arc, with sin weights":
        "这是直线插值（lerp）：slerp 沿着圆弧走，权重是 sin 函数",
    "t = 0 must give z0":
        "t = 0 时必须得到 z0",
    "t = 1 must give z1":
        "t = 1 时必须得到 z1",
    "at t = {t} the point is off the arc":
        "t = {t} 时的点不在圆弧上",
    "{where}; weights are sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω":
        "{where}；两个权重分别是 sin((1-t)Ω)/sin Ω 和 sin(tΩ)/sin Ω",
    "right: the path starts at z0, ends at z1 and follows the great circle":
        "正确：路径从 z0 出发，到 z1 结束，沿着大圆前进",
    # 07
    "answers must be a dict {{task: model}}, got {kind}":
        "answers 必须是字典 {{任务: 模型}}，实际得到 {kind}",
    "answer every task; missing: {missing}":
        "请回答每一项任务；缺少：{missing}",
    "{task!r}: answer 'autoencoder', 'VAE' or 'GAN', got {given!r}":
        "{task!r}：请回答 'autoencoder'、'VAE' 或 'GAN'，你写的是 {given!r}",
    "{task!r}: not the {given}. Hint: {why}":
        "{task!r}：不该选 {given}。提示：{why}",
    "{wrong} of {n} answers wrong:":
        "{n} 个答案中有 {wrong} 个不对：",
    "right: each model has the job its training gives it":
        "正确：每种模型擅长什么，取决于它是怎样训练的",
    # 07's hints, one per task (checks._MODEL_CHOICES)
    "anomaly detection needs an encoder and a decoder trained to rebuild normal images (03): an autoencoder or a VAE":
        "异常检测需要一个编码器和一个解码器，并且训练它们重建正常图像（03）：自编码器或 VAE",
    "a GAN has no encoder; it must search for a code (06). Autoencoders and VAEs both encode":
        "GAN 没有编码器，只能去搜索一个编码（06）。自编码器和 VAE 都能直接编码",
    "the autoencoder has no prior: its codes spread far wider than N(0, I), whose samples land in the middle of its map and decode to a few digits (07). The VAE and the GAN were trained on that prior":
        "自编码器没有先验：它的编码分布得比 N(0, I) 宽得多，从 N(0, I) 抽取的编码都落在它的地图中央，只解码成少数几个数字（07）。VAE 和 GAN 都是在这个先验上训练的",
    "the GAN: its D punishes blur, while MSE and the ELBO reward the average of plausible digits":
        "GAN：它的判别器惩罚模糊，而 MSE 和 ELBO 奖励的是各种合理数字的平均",
    "the VAE's KL term pulls the codes onto N(0, I), and a GAN is trained only on codes drawn from N(0, I) (06)":
        "VAE 的 KL 项把编码拉向 N(0, I)，而 GAN 只在从 N(0, I) 抽取的编码上训练（06）",
    "you summed over the batch: V takes expectations, so average each term (.mean(), the loss's default reduction)":
        "你对整个批次求了和：V 取的是期望，所以每一项都要取平均（.mean()，也就是损失函数默认的 reduction）",
    "p(y) is the mean of the rows (how often the samples get each class), not 1/10":
        "p(y) 是各行的平均（样本被分到各个类别的频率），而不是 1/10",
    "average the KL over the samples (.mean()), do not sum it":
        "要对样本上的 KL 取平均（.mean()），不要求和",
    "NaN or inf at t = {t}: cos Ω is the dot product divided by *both* norms, so that arccos gets a number in [-1, 1]":
        "t = {t} 处出现了 NaN 或 inf：cos Ω 是点积除以*两个*范数，这样 arccos 拿到的才是 [-1, 1] 之间的数",
    "your path runs on the unit sphere: slerp keeps the codes' own lengths (the formula uses z0 and z1 as they are, not normalised)":
        "你的路径走在单位球面上：slerp 保留编码本身的长度（公式直接使用 z0 和 z1，不做归一化）",
}
