package io.pgextra.hibernate.test.partition.model;

import java.util.Map;

import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** {@code @HStoreUnique(columns = ...)} naming a column the table does not have: refused at boot. */
@Entity
@Table(name = "bad_columns")
public class BadColumnsEvent {
	@Id
	public Long id;

	public String tenant;

	@Type(MutableHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique(value = "sku", columns = "Tenant")
	public Map<String, String> attrs;
}
