export default {test:{name:'addins-browser', include:['test/browser/**/*.test.ts']}};
