/** Health of every part of the standalone process, shown at the query API's health URL. */
package io.callstream.standalone.health;
