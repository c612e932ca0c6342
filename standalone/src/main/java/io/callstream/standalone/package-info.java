/**
 * One process that runs all of callstream on embedded infrastructure: the default for a new user
 * and the home of the end-to-end tests.
 */
package io.callstream.standalone;
