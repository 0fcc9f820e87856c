/**
 * The city itself: its districts ({@link org.civitas.city.District}), which devices name and the
 * analytics group by, behind {@link org.civitas.city.DistrictStore}.
 */
package org.civitas.city;
