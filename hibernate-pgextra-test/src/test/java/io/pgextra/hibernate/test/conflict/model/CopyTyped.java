package io.pgextra.hibernate.test.conflict.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.pgextra.hibernate.test.model.Mood;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** One column of every type a large call copies in binary (CopyInputTest), and one it does not (an enum). */
@Entity
public class CopyTyped {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, nullable = false, length = 40)
	public String code;

	public Short small;
	public Integer medium;
	public Long large;
	public Boolean flag;
	public Float ratio;
	@Column(name = "dbl")
	public Double dbl;
	@Column(columnDefinition = "numeric")
	public BigDecimal amount;
	@Column(columnDefinition = "numeric(12,3)")
	public BigDecimal price;
	@Column(columnDefinition = "text")
	public String body;
	public UUID ref;
	public OffsetDateTime happened;
	public Instant seen;
	public LocalDate day;
	public LocalDateTime stamp;
	@Enumerated(EnumType.STRING)
	public Mood mood;
}
