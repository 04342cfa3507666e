/** Name of the migrated template database each test file clones (also dropped by global setup). */
export const TEMPLATE_DATABASE = 'apdc_test_template';
