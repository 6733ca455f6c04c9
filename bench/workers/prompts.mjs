// The prompt of case `i`, shared by the generated suites and the bare loops so both sides send the
// same bytes: about ten words, echoed back by the loopback server as about twelve stream chunks.
export const promptOf = (i) => `Question numéro ${i} : quelle est la démarche pour obtenir un acte de naissance ?`;
