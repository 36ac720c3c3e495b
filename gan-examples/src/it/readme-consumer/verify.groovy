// Run by maven-invoker-plugin after the consumer's build: the README's examples ran and trained.
def work = new File(basedir, 'target/work')
def report = new File(work, 'readme-examples.properties')
assert report.isFile() : "ReadmeExamples wrote no ${report}"
def p = new Properties()
report.withInputStream { p.load(it) }
assert p['api.steps'] == '300' : "README API example: ${p}"
assert p['api.samples'] == '16x784' : "README API example: ${p}"
assert p['custom.steps'] == '5000' : "README custom architecture: ${p}"
assert p['custom.samples'] == '16x784' : "README custom architecture: ${p}"
assert p['conv.steps'] == '50' : "README conv example: ${p}"
// z -> 256 -> 512 -> 784 with biases
assert p['custom.generatorParameters'] == String.valueOf(64 * 256 + 256 + 256 * 512 + 512 + 512 * 784 + 784)

// The README's RunLog.inNewDirectory(Path.of("runs")) made one run directory per run, each complete.
def runs = new File(work, 'runs').listFiles().findAll { it.isDirectory() }.sort()
assert runs.size() == 2 : "two runs of the API example made ${runs}"
assert p['api.runs'].split(';').toList().sort() == runs*.name : "run directories ${runs} vs ${p['api.runs']}"
runs.each { run ->
    ['metrics.csv', 'loss.png', 'report.html', 'generator.zip', 'samples/real.png', 'samples/epoch-050.png',
     'samples/progress.gif', 'logs'].each { assert new File(run, it).exists() : "no ${it} in ${run}" }
    def rows = new File(run, 'metrics.csv').readLines().size() - 1
    assert rows == 300 : "${run}/metrics.csv has ${rows} steps"
}
return true
