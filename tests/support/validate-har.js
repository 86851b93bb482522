// Validates a HAR file against the HAR 1.2 JSON schema with the har-validator package (Debian's
// node-har-validator, installed by scripts/install-deps.sh; it checks with ajv against
// node-har-schema). Prints every violation and exits 1 when there is one, 2 when the file cannot
// be read. Usage: node validate-har.js FILE   (tst_harexport runs it on every export it makes)
'use strict'
const fs = require('fs')
const validator = require('har-validator')

let document
try {
  document = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
} catch (error) {
  console.error(`validate-har: ${error.message}`)
  process.exit(2)
}
validator.har(document).then(
  () => console.log('valid HAR 1.2'),
  (error) => {
    for (const problem of error.errors || [error])
      console.error(`${problem.dataPath || ''}: ${problem.message}`)
    process.exit(1)
  })
